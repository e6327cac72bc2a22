/**
 * The production actions for the project's top bar: generate, export, spend, settings. Also
 * mounts the dialogs they open (cost confirmation, export, spend, settings), which float above
 * the layout.
 */
import { CostConfirmDialog } from '../generate/CostConfirmDialog';
import { GenerateButtons } from '../generate/GenerateButtons';
import { ExportDialog } from '../export/ExportDialog';
import { useApp } from '../../state/store-context';
import { SettingsScreen } from './SettingsScreen';
import { ImportShotListDialog } from '../shotlist/ImportShotListDialog';
import { SpendPanel } from '../spend/SpendPanel';

export function ProductionBar() {
  const openExport = useApp((s) => s.openExportDialog);
  const openSettings = useApp((s) => s.openSettings);
  const openSpend = useApp((s) => s.openSpend);
  return (
    <div className="production-bar">
      <GenerateButtons />
      <button type="button" onClick={() => openExport()} data-testid="open-export">
        Export…
      </button>
      <button type="button" onClick={openSpend} data-testid="open-spend">
        Spend
      </button>
      <button type="button" onClick={openSettings} aria-label="Settings" data-testid="open-settings">
        Settings
      </button>
    </div>
  );
}

/** The production dialogs; mount once near the root. */
export function ProductionDialogs() {
  return (
    <>
      <CostConfirmDialog />
      <ExportDialog />
      <SettingsScreen />
      <SpendPanel />
      <ImportShotListDialog />
    </>
  );
}
