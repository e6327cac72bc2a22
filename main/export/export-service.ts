/**
 * Exports of one open project as background jobs, whatever the format: each gets an `exports`
 * row with its status, progress events (throttled; the final state always goes out), and a
 * cancel that stops the work and leaves nothing on disk. The formats themselves are modules in
 * ./formats; this service knows none of them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { framedAudioLanes } from '../../shared/audio-placement';
import { exportOptionsSchema, type ExportOptionValues } from '../../shared/contract/export';
import type { ExportJob, ExportStatus, Shot } from '../../shared/domain';
import { UserError } from '../errors';
import type { FfmpegService } from '../media/ffmpeg-service';
import type { ShippedFonts } from '../media/shipped-fonts';
import type { ProjectStore } from '../store/project-store';
import type { SequenceInput } from './export-sequence';
import type { ExportFormats } from './formats';

/** What `export.start` asks for (the contract's input). */
export interface StartExportInput {
  format: string;
  outPath: string;
  options?: Record<string, boolean | number | string>;
}

export interface ExportServiceDeps {
  store: ProjectStore;
  formats: ExportFormats;
  ffmpeg: FfmpegService;
  fonts: () => ShippedFonts;
  /** An export snapshot out (throttled by the caller; `force` for the final state). */
  emit(job: ExportJob, force?: boolean): void;
  log(line: string): void;
}

interface Running {
  job: ExportJob;
  controller: AbortController;
  done: Promise<ExportJob>;
}

/** Words for a zod failure on format options, e.g. `options.transition: Invalid option`. */
function describeOptionError(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>): string {
  return issues.map((i) => `options${i.path.length ? `.${i.path.map(String).join('.')}` : ''}: ${i.message}`).join('; ');
}

export class ExportService {
  private running = new Map<string, Running>();

  constructor(private readonly deps: ExportServiceDeps) {}

  /** Checks everything that can be checked at once, then runs the export in the background. */
  start(input: StartExportInput): ExportJob {
    const format = this.deps.formats.get(input.format);
    const parsed = exportOptionsSchema(format.fields).safeParse(input.options ?? {});
    if (!parsed.success) throw new UserError('invalid_input', `${format.label}: ${describeOptionError(parsed.error.issues)}.`);
    const outPath = input.outPath;
    if (!path.isAbsolute(outPath) || path.extname(outPath).toLowerCase() !== format.extension) {
      throw new UserError('invalid_input', `outPath: "${outPath}" must be an absolute path ending in ${format.extension} for ${format.label}.`);
    }
    const parent = path.dirname(outPath);
    if (!fs.statSync(parent, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UserError('invalid_input', `outPath: the folder ${parent} does not exist. Create it or choose another place for the export.`);
    }
    // What the job points at (reveal, play): the file the format really writes.
    const outputPath = format.writesTo?.(outPath) ?? outPath;
    const busy = [...this.running.values()].find((r) => r.job.outputPath === outputPath);
    if (busy) throw new UserError('conflict', `An export to ${outputPath} is already running. Wait for it or cancel it first.`);
    const job: ExportJob = {
      id: crypto.randomUUID(),
      format: format.id,
      status: 'running',
      progress: 0,
      etaSeconds: null,
      outputPath,
      message: 'Starting',
      createdAt: new Date().toISOString(),
    };
    this.deps.store.exports.insert(job, parsed.data);
    const controller = new AbortController();
    const done = this.run(job, outPath, parsed.data, controller.signal);
    this.running.set(job.id, { job, controller, done });
    this.deps.emit(job, true);
    return { ...job };
  }

  /** Resolves with the finished job (done, failed or cancelled). */
  async wait(id: string): Promise<ExportJob> {
    const running = this.running.get(id);
    return running ? running.done : this.deps.store.exports.get(id);
  }

  cancel(id: string): ExportJob {
    const running = this.running.get(id);
    if (running) {
      running.controller.abort();
      return { ...running.job };
    }
    return this.deps.store.exports.get(id);
  }

  /** Exports of the project, newest first (running ones with live progress). */
  status(id?: string): ExportJob[] {
    const rows = id ? [this.deps.store.exports.get(id)] : this.deps.store.exports.list();
    return rows.map((row) => {
      const live = this.running.get(row.id);
      return live ? { ...live.job } : row;
    });
  }

  /** True while an export runs. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Cancels every running export and waits for each to clean up (the project is closing). */
  async dispose(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.allSettled(all.map((r) => r.done));
  }

  /** The shots in order with their selected takes, as the formats read them. */
  sequence(): SequenceInput {
    const { store } = this.deps;
    return {
      format: store.project.get().format,
      shots: store.shots.list(),
      takeOf: (shot: Shot) => (shot.selectedTakeId ? store.takes.find(shot.selectedTakeId) : null),
      resolve: (rel: string) => store.resolve(rel),
      takesOf: (shot: Shot) => store.takes.ofShot(shot.id),
      audioLanes: (starts) => framedAudioLanes(store.audio.list(), starts, store.project.get().format.fps),
    };
  }

  private async run(job: ExportJob, outPath: string, options: ExportOptionValues, signal: AbortSignal): Promise<ExportJob> {
    // Let start() return (and its row be read) before the work begins.
    await new Promise((r) => setImmediate(r));
    const { store } = this.deps;
    const finish = (status: ExportStatus, message: string) => {
      job.status = status;
      job.message = message;
      job.etaSeconds = status === 'done' ? 0 : null;
      if (status === 'done') job.progress = 1;
      if (store.isOpen) store.exports.finish(job.id, status, message);
      this.running.delete(job.id);
      this.deps.emit(job, true);
      return { ...job };
    };
    try {
      job.message = 'Exporting';
      const format = this.deps.formats.get(job.format);
      const message = await format.run(
        {
          store,
          sequence: this.sequence(),
          outPath,
          tools: this.deps.ffmpeg.tools(),
          fonts: this.deps.fonts(),
          selfTest: this.deps.ffmpeg.lastReport(),
          signal,
          progress: (fraction, eta) => {
            job.progress = Math.min(0.999, Math.max(0, fraction));
            job.etaSeconds = eta === null ? null : Math.round(eta * 10) / 10;
            this.deps.emit(job);
          },
          log: this.deps.log,
        },
        options,
      );
      return finish('done', message);
    } catch (error) {
      if (signal.aborted) return finish('cancelled', 'Cancelled; nothing was written.');
      return finish('failed', error instanceof Error ? error.message : String(error));
    }
  }
}
