/** Generate the selected shot(s), or every shot without a take. Paid batches ask first. */
import { useApp, useAppStore } from '../../state/store-context';

export function GenerateButtons() {
  const store = useAppStore();
  const selected = useApp((s) => s.selectedShotIds.length);
  const missing = useApp((s) => s.shots.reduce((n, shot) => n + (shot.selectedTakeId ? 0 : 1), 0));
  const busy = useApp((s) => s.generationBusy);
  const generateMissing = useApp((s) => s.generateMissing);
  return (
    <div className="generate-buttons">
      <button
        type="button"
        disabled={selected === 0 || busy}
        onClick={() => void store.getState().generateShots(store.getState().selectionInOrder())}
        data-testid="generate-selected"
      >
        {selected > 1 ? `Generate ${selected} selected` : 'Generate shot'}
      </button>
      <button type="button" className="primary" disabled={missing === 0 || busy} onClick={() => void generateMissing()} data-testid="generate-missing">
        {missing === 0 ? 'Every shot has a take' : `Generate ${missing} without a take`}
      </button>
    </div>
  );
}
