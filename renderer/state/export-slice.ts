/**
 * The export dialog's state: the running (or last) export as main reports it through
 * `export.progress`, the last contact sheet, and the desktop actions on the result.
 */
import type { StateCreator } from 'zustand';
import type { CallInput, ContractClient } from '../../shared/contract';
import type { DesktopActionResult } from '../../shared/contract/settings';
import type { ExportJob } from '../../shared/domain';
import type { AppState } from './app-store';

/** Which tab the export dialog opens on. */
export type ExportTab = 'sequence' | 'sheet';

export interface ExportSlice {
  /** The open dialog's tab, or null when closed. */
  exportDialog: ExportTab | null;
  /** The export this dialog started (live through events), or null. */
  exportJob: ExportJob | null;
  /** The contact sheet this dialog started (an export job like any other), or null. */
  sheetResult: ExportJob | null;
  /** What the last "show in folder"/"open" did (the dev host can only say where the file is). */
  desktopResult: DesktopActionResult | null;
  exportBusy: boolean;

  openExportDialog(tab?: ExportTab): void;
  closeExportDialog(): void;
  startExport(input: CallInput<'export.start'>): Promise<void>;
  cancelExport(): Promise<void>;
  /** An `export.progress` event: applied when it is about our export. */
  applyExportProgress(job: ExportJob): void;
  writeContactSheet(outPath: string): Promise<void>;
  revealFile(path: string): Promise<void>;
  openFile(path: string): Promise<void>;
}

export function createExportSlice(client: ContractClient): StateCreator<AppState, [], [], ExportSlice> {
  return (set, get) => {
    const fail = (error: unknown) => get().pushError(error);
    const desktop = async (name: 'app.reveal' | 'app.openPath', path: string) => {
      try {
        set({ desktopResult: await client.call(name, { path }) });
      } catch (error) {
        fail(error);
      }
    };
    return {
      exportDialog: null,
      exportJob: null,
      sheetResult: null,
      desktopResult: null,
      exportBusy: false,

      openExportDialog(tab = 'sequence') {
        set({ exportDialog: tab, desktopResult: null });
      },
      closeExportDialog() {
        set({ exportDialog: null });
      },

      async startExport(input) {
        set({ exportBusy: true, desktopResult: null });
        try {
          const job = await client.call('export.start', input);
          // An event may have overtaken the answer: keep whichever is further along.
          set((s) => ({ exportJob: s.exportJob?.id === job.id && s.exportJob.progress > job.progress ? s.exportJob : job }));
        } catch (error) {
          fail(error);
        } finally {
          set({ exportBusy: false });
        }
      },

      async cancelExport() {
        const job = get().exportJob;
        if (!job || job.status !== 'running') return;
        try {
          set({ exportJob: await client.call('export.cancel', { id: job.id }) });
        } catch (error) {
          fail(error);
        }
      },

      applyExportProgress(job) {
        if (get().sheetResult?.id === job.id) set({ sheetResult: job });
        set((s) => {
          // Only our export, and never back from a finished state to a stale running snapshot.
          if (job.format !== 'mp4') return s;
          if (s.exportJob && s.exportJob.id !== job.id) return s;
          if (!s.exportJob && job.status !== 'running') return s;
          if (s.exportJob && s.exportJob.status !== 'running') return s;
          return { exportJob: job };
        });
      },

      async writeContactSheet(outPath) {
        set({ exportBusy: true, sheetResult: null, desktopResult: null });
        try {
          const job = await client.call('export.start', { format: 'contact-sheet', outPath });
          // An event may have overtaken the answer: keep whichever is further along.
          set((s) => ({ sheetResult: s.sheetResult?.id === job.id && s.sheetResult.status !== 'running' ? s.sheetResult : job }));
        } catch (error) {
          fail(error);
        } finally {
          set({ exportBusy: false });
        }
      },

      revealFile: (path) => desktop('app.reveal', path),
      openFile: (path) => desktop('app.openPath', path),
    };
  };
}
