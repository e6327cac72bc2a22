/**
 * The export dialog's state: the formats main offers (`export.formats`, each with its option
 * fields), the tab on screen, the export each tab started (live through `export.progress`), and
 * the desktop actions on the result. Nothing here knows any format: a format is a tab because
 * main lists it.
 */
import type { StateCreator } from 'zustand';
import type { CallInput, ContractClient } from '../../shared/contract';
import type { ExportFormatInfo } from '../../shared/contract/export';
import type { DesktopActionResult } from '../../shared/contract/settings';
import type { ExportJob } from '../../shared/domain';
import type { AppState } from './app-store';
import { writtenFor } from './export-paths';

export interface ExportSlice {
  /** True while the dialog is open. */
  exportDialogOpen: boolean;
  /** The format whose tab is shown; null: the first one main lists. */
  exportTab: string | null;
  /** The formats from `export.formats`, in main's order, or null until loaded. */
  exportFormats: ExportFormatInfo[] | null;
  /** The export each format's tab started (live through events), by format id. */
  exportJobs: Record<string, ExportJob>;
  /** What the last "show in folder"/"open" did (the dev host can only say where the file is). */
  desktopResult: DesktopActionResult | null;
  /** True while an `export.start` is in flight. */
  exportBusy: boolean;

  /** Opens the dialog (on this format's tab, or the one last shown) and loads the formats. */
  openExportDialog(format?: string): void;
  closeExportDialog(): void;
  loadExportFormats(): Promise<void>;
  startExport(input: CallInput<'export.start'> & { format: string }): Promise<void>;
  /** Cancels the running export of this format's tab. */
  cancelExport(format: string): Promise<void>;
  /** An `export.progress` event: applied when it is about an export this dialog started. */
  applyExportProgress(job: ExportJob): void;
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
    /** The start in flight: a running event for its file may overtake the answer. */
    let pending: { format: string; outPath: string } | null = null;
    const put = (job: ExportJob) => set((s) => ({ exportJobs: { ...s.exportJobs, [job.format]: job } }));

    return {
      exportDialogOpen: false,
      exportTab: null,
      exportFormats: null,
      exportJobs: {},
      desktopResult: null,
      exportBusy: false,

      openExportDialog(format) {
        set((s) => ({ exportDialogOpen: true, exportTab: format ?? s.exportTab, desktopResult: null }));
        if (!get().exportFormats) void get().loadExportFormats();
      },
      closeExportDialog() {
        set({ exportDialogOpen: false });
      },

      async loadExportFormats() {
        try {
          set({ exportFormats: await client.call('export.formats', {}) });
        } catch (error) {
          fail(error);
        }
      },

      async startExport(input) {
        set({ exportBusy: true, desktopResult: null });
        pending = { format: input.format, outPath: input.outPath };
        try {
          const job = await client.call('export.start', input);
          // An event may have overtaken the answer: keep whichever is further along.
          const known = get().exportJobs[job.format];
          if (!(known?.id === job.id && (known.status !== 'running' || known.progress > job.progress))) put(job);
        } catch (error) {
          fail(error);
        } finally {
          pending = null;
          set({ exportBusy: false });
        }
      },

      async cancelExport(format) {
        const job = get().exportJobs[format];
        if (!job || job.status !== 'running') return;
        try {
          put(await client.call('export.cancel', { id: job.id }));
        } catch (error) {
          fail(error);
        }
      },

      applyExportProgress(job) {
        const known = get().exportJobs[job.format];
        // Only an export this dialog started, and never back from a finished state to a stale
        // running snapshot. An event for the start in flight (same file) is ours too.
        if (known?.id === job.id) {
          if (known.status === 'running') put(job);
          return;
        }
        if (pending?.format === job.format && writtenFor(pending.outPath, job.outputPath)) put(job);
      },

      revealFile: (path) => desktop('app.reveal', path),
      openFile: (path) => desktop('app.openPath', path),
    };
  };
}
