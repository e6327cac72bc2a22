/**
 * Exports of the open project as background jobs: each gets an `exports` row (schema v2) with
 * its status, progress events on the session's bus (throttled; the final state always goes
 * out), and a cancel that kills ffmpeg and leaves nothing on disk. One service per session.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportJob, ExportStatus, Shot, Transition } from '../../shared/domain';
import { UserError } from '../errors';
import { JobRepository } from '../generation/job-repository';
import { ffmpegToolsFor } from '../generation/default-collaborators';
import { throttleByKey } from '../ipc/event-bus';
import { lastSelfTest } from '../media/ffmpeg-self-test';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { findShippedFonts } from '../providers/animatic-provider';
import type { AppSession } from '../services/app-session';
import type { ProjectStore } from '../store/project-store';
import { exportSequence, type SequenceExportEnvironment } from './export-sequence';
import { writeContactSheet, type ContactSheetResult } from './contact-sheet';

/** Options of `export.start` (the contract's input). */
export interface StartExportOptions {
  outPath: string;
  transition?: { kind: Transition['kind']; seconds?: number };
  burnIn?: boolean;
  loudnorm?: boolean;
  fillMissing?: boolean;
}

interface ExportRow {
  id: string;
  status: ExportStatus;
  output_path: string;
  message: string;
  created_at: string;
}

interface Running {
  job: ExportJob;
  controller: AbortController;
  done: Promise<ExportJob>;
}

export interface ExportServiceOptions {
  tools?: () => FfmpegTools;
  /** Overrides for tests (free-space check, self-test report). */
  environment?: Partial<SequenceExportEnvironment>;
  progressIntervalMs?: number;
}

export class ExportService {
  private running = new Map<string, Running>();
  private readonly tools: () => FfmpegTools;
  private readonly emit: (job: ExportJob, force?: boolean) => void;

  constructor(
    private readonly session: AppSession,
    private readonly options: ExportServiceOptions = {},
  ) {
    this.tools = options.tools ?? ffmpegToolsFor(session.settings);
    this.emit = throttleByKey<ExportJob>(options.progressIntervalMs ?? 250, (job) => session.events.emit('export.progress', { ...job }), (job) => job.id);
  }

  /** Checks everything that can be checked at once, then runs the export in the background. */
  start(input: StartExportOptions): ExportJob {
    const store = this.session.requireStore();
    const parent = path.dirname(input.outPath);
    if (!path.isAbsolute(input.outPath) || !fs.statSync(parent, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UserError('invalid_input', `outPath: the folder ${parent} does not exist. Create it or choose another place for the export.`);
    }
    const busy = [...this.running.values()].find((r) => r.job.outputPath === input.outPath);
    if (busy) throw new UserError('conflict', `An export to ${input.outPath} is already running. Wait for it or cancel it first.`);
    const job: ExportJob = {
      id: crypto.randomUUID(),
      status: 'running',
      progress: 0,
      etaSeconds: null,
      outputPath: input.outPath,
      message: 'Starting',
      createdAt: new Date().toISOString(),
    };
    store.db
      .prepare('INSERT INTO exports (id, status, output_path, options_json, message, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(job.id, job.status, job.outputPath, JSON.stringify(input), job.message, job.createdAt);
    const controller = new AbortController();
    const done = this.run(store, job, input, controller.signal);
    this.running.set(job.id, { job, controller, done });
    this.emit(job, true);
    return { ...job };
  }

  /** Resolves with the finished job (done, failed or cancelled). */
  async wait(id: string): Promise<ExportJob> {
    const running = this.running.get(id);
    return running ? running.done : this.status(id)[0]!;
  }

  cancel(id: string): ExportJob {
    const running = this.running.get(id);
    if (running) {
      running.controller.abort();
      return { ...running.job };
    }
    const [job] = this.status(id);
    return job!;
  }

  /** Exports of the open project, newest first (running ones with live progress). */
  status(id?: string): ExportJob[] {
    const store = this.session.requireStore();
    const rows = (
      id
        ? store.db.prepare('SELECT * FROM exports WHERE id = ?').all(id)
        : store.db.prepare('SELECT * FROM exports ORDER BY created_at DESC, rowid DESC LIMIT 200').all()
    ) as ExportRow[];
    if (id && rows.length === 0) throw new UserError('not_found', `Export ${id} does not exist in this project. List exports to find it.`);
    return rows.map((r) => {
      const live = this.running.get(r.id);
      if (live) return { ...live.job };
      return { id: r.id, status: r.status, progress: r.status === 'done' ? 1 : 0, etaSeconds: null, outputPath: r.output_path, message: r.message, createdAt: r.created_at };
    });
  }

  /** Writes the contact sheet of the open project. */
  sheet(outPath: string): Promise<ContactSheetResult> {
    const store = this.session.requireStore();
    return writeContactSheet(this.sequenceInput(store), { tools: this.tools(), fontFile: findShippedFonts().regular, outPath });
  }

  private sequenceInput(store: ProjectStore) {
    const repo = new JobRepository(store.db);
    return {
      format: store.getProject().format,
      shots: store.listShots(),
      takeOf: (shot: Shot) => (shot.selectedTakeId ? repo.getTake(shot.selectedTakeId) : null),
      resolve: (rel: string) => store.resolve(rel),
    };
  }

  private async run(store: ProjectStore, job: ExportJob, input: StartExportOptions, signal: AbortSignal): Promise<ExportJob> {
    // Let start() return (and its row be read) before the work begins.
    await new Promise((r) => setImmediate(r));
    const finish = (status: ExportStatus, message: string) => {
      job.status = status;
      job.message = message;
      job.etaSeconds = status === 'done' ? 0 : null;
      if (status === 'done') job.progress = 1;
      if (store.db.open) {
        store.db.prepare('UPDATE exports SET status = ?, message = ?, finished_at = ? WHERE id = ?').run(status, message, new Date().toISOString(), job.id);
      }
      this.running.delete(job.id);
      this.emit(job, true);
      return { ...job };
    };
    try {
      const transition = input.transition ? { kind: input.transition.kind, seconds: input.transition.kind === 'cut' ? 0 : (input.transition.seconds ?? 0.5) } : undefined;
      job.message = 'Exporting';
      const result = await exportSequence(
        this.sequenceInput(store),
        { tools: this.tools(), fontFile: findShippedFonts().regular, selfTest: lastSelfTest(), ...this.options.environment },
        {
          outPath: input.outPath,
          transition,
          burnIn: input.burnIn,
          loudnorm: input.loudnorm,
          fillMissing: input.fillMissing,
          signal,
          onProgress: (progress, eta) => {
            job.progress = Math.min(0.999, progress);
            job.etaSeconds = eta === null ? null : Math.round(eta * 10) / 10;
            this.emit(job);
          },
        },
      );
      const { copyFrames, renderFrames } = result.plan;
      const share = Math.round((copyFrames / Math.max(1, copyFrames + renderFrames)) * 100);
      return finish('done', `Exported ${result.durationSeconds.toFixed(2)} s to ${result.outPath} (${share}% stream-copied).`);
    } catch (error) {
      if (signal.aborted) return finish('cancelled', 'Cancelled; nothing was written.');
      return finish('failed', error instanceof Error ? error.message : String(error));
    }
  }
}

const services = new WeakMap<AppSession, ExportService>();

/** The session's export service (made on first use). */
export function exportServiceFor(session: AppSession, options?: ExportServiceOptions): ExportService {
  let service = services.get(session);
  if (!service) {
    service = new ExportService(session, options);
    services.set(session, service);
  }
  return service;
}
