/**
 * The composition root: every service of the app is built here, once, from the host's adapters
 * (main/app/host.ts), and every service of an open project is built here when it opens. The
 * IPC handlers, the dev host, the CLI and the Electron shell receive the result; nothing looks
 * a service up in a module-level table. What a project owns is registered on its
 * DisposableStore and released, in reverse order, when the project closes.
 */
import type { AppInfo } from '../../shared/contract/app';
import type { ExportJob, Job } from '../../shared/domain';
import { billedMicros, microsToUsd } from '../../shared/cost';
import { composePrompt } from '../../shared/prompt/compose-prompt';
import type { Registry } from '../../shared/registry/registry';
import { ExportService } from '../export/export-service';
import { BUILT_IN_EXPORT_FORMATS, ExportFormats } from '../export/formats';
import type { ExportFormat } from '../export/formats/export-format';
import { GenerationService, type GenerationDeps } from '../generation/generation-service';
import { StillService } from '../generation/still-service';
import { ffmpegIngest, type IngestTake } from '../generation/ingest';
import { JobQueue, type QueueTiming } from '../generation/job-queue';
import { isTerminal } from '../store/job-repository';
import type { Composer, MediaOps } from '../generation/prepare-inputs';
import { TakeService } from '../generation/take-service';
import { FfmpegService } from '../media/ffmpeg-service';
import type { FfmpegTools } from '../media/ffmpeg-locator';
import { createMediaOps } from '../media/media-ops';
import { previewSizes, sweepOrphanMedia } from '../media/orphan-media';
import { findShippedFonts } from '../media/shipped-fonts';
import { BUILT_IN_ADAPTERS, type ProviderAdapters } from '../providers';
import { ProviderFactory } from '../providers/provider-factory';
import { RegistryLoader } from '../registry/registry-loader';
import { EnvSecretStore } from '../secrets/env-secret-store';
import { knownSecrets, redactSecrets, type SecretStore } from '../secrets/secret-store';
import type { AppSettings } from '../settings/app-settings';
import type { ProjectStore } from '../store/project-store';
import { DisposableStore, toDisposable } from './disposable';
import { EventBus, throttleByKey } from './event-bus';
import type { DesktopActions, FilePicker, HostAdapters } from './host';
import { Workspace } from './workspace';

/** What tests and benchmarks may replace or add; production hosts pass none of it. */
export interface AppOverrides {
  /** Provider adapters added to (or replacing) the built-in ones. */
  adapters?: ProviderAdapters;
  /** The registry the user's override file is merged over (default: the shipped one). */
  registry?: Registry;
  /** Export formats added to the built-in ones. */
  exportFormats?: readonly ExportFormat[];
  compose?: Composer;
  media?: MediaOps;
  ingest?: IngestTake;
  timing?: Partial<QueueTiming>;
  /** Minimum gap between progress events of one job or export (default 250 ms). */
  progressIntervalMs?: number;
  /** Pins the ffmpeg binaries instead of finding them from the settings. */
  tools?: () => FfmpegTools;
}

/** The services of one open project. */
export interface ProjectServices {
  readonly store: ProjectStore;
  readonly queue: JobQueue;
  readonly generation: GenerationService;
  readonly takes: TakeService;
  readonly stills: StillService;
  readonly exports: ExportService;
}

/** The services of the running app. */
export interface AppServices {
  readonly info: AppInfo;
  readonly settings: AppSettings;
  readonly events: EventBus;
  readonly registry: RegistryLoader;
  readonly secrets: SecretStore;
  readonly providers: ProviderFactory;
  readonly ffmpeg: FfmpegService;
  readonly exportFormats: ExportFormats;
  /** The native file dialog, or null on hosts without one. */
  readonly dialogs: FilePicker | null;
  /** The OS shell's "show" and "open", or null on hosts without one. */
  readonly desktop: DesktopActions | null;
  /** The open project and its services. */
  readonly workspace: Workspace;
  /** Scrubs every known key out of text before it is stored, emitted or logged. */
  scrub(text: string): string;
  /** Logs a line, scrubbed. */
  log(line: string): void;
  /** Closes the open project. */
  dispose(): Promise<void>;
}

/** Builds the app's services from the host's adapters. */
export function composeApp(host: HostAdapters, overrides: AppOverrides = {}): AppServices {
  const env = host.env ?? process.env;
  const registry = new RegistryLoader(host.settings.dir, overrides.registry);
  // Providers are data: their descriptors say which keys and base URLs they take and how they resume.
  const descriptors = () => registry.registry().providers;
  const secrets = host.secrets ?? new EnvSecretStore(env, descriptors);
  const scrub = (text: string) => redactSecrets(text, knownSecrets(secrets));
  const log = (line: string) => host.log?.(scrub(line));
  const ffmpeg = new FfmpegService(host.settings, overrides.tools);
  const providers = new ProviderFactory({ ...BUILT_IN_ADAPTERS, ...overrides.adapters }, secrets, host.settings, { tools: ffmpeg.tools, log, models: () => registry.registry().models, settingsDir: host.settings.dir }, descriptors, env);
  const exportFormats = new ExportFormats([...BUILT_IN_EXPORT_FORMATS, ...(overrides.exportFormats ?? [])]);
  const events = new EventBus();

  const app: AppServices = {
    info: { host: host.kind, version: host.version, mediaBase: host.mediaBase },
    settings: host.settings,
    events,
    registry,
    secrets,
    providers,
    ffmpeg,
    exportFormats,
    dialogs: host.dialogs ?? null,
    desktop: host.desktop ?? null,
    workspace: new Workspace(host.settings, (store) => composeProject(app, store, overrides)),
    scrub,
    log,
    dispose: () => app.workspace.close(),
  };
  return app;
}

/**
 * Builds the services of a project that has just been opened, and starts them: unused media
 * is swept, and the queue resumes every unfinished job. Returns them with what releases them.
 */
export function composeProject(app: AppServices, store: ProjectStore, overrides: AppOverrides = {}): { services: ProjectServices; disposables: DisposableStore } {
  const disposables = new DisposableStore();
  disposables.add(toDisposable(() => store.close()));

  // Unused reference images are kept while the project is open (undo may bring them back).
  const sweep = () => {
    try {
      const result = sweepOrphanMedia(store, previewSizes(store, app.registry.registry().models.flatMap((m) => m.sizes)));
      if (result.removed.length) app.log(`media: removed ${result.removed.length} unused file(s) from ${store.dir}`);
    } catch (error) {
      // Never stands in the way of opening or closing a project.
      app.log(`media: could not sweep unused files: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  sweep();
  disposables.add(toDisposable(sweep));

  const interval = overrides.progressIntervalMs ?? 250;
  const emitJob = throttleByKey<Job>(interval, (job) => app.events.emit('job.updated', job), (job) => job.id);
  // The queue tells generation when a take arrives or a job ends: a waiting shot may go now.
  let generation: GenerationService | null = null;
  const queue = new JobQueue({
    store,
    providerFor: (id) => app.providers.get(id),
    resumeOf: (id) => app.providers.resumeOf(id),
    concurrencyFor: (id) => app.providers.concurrencyOf(id),
    billedUsd: (provider, billed) => {
      const micros = billedMicros(app.registry.registry(), provider, billed);
      return micros === null ? null : microsToUsd(micros);
    },
    ingest: overrides.ingest ?? ffmpegIngest(app.ffmpeg.tools),
    onJob: (job, force) => {
      emitJob(job, force);
      if (isTerminal(job.status)) void generation?.advanceWaiting();
    },
    onTake: (take) => {
      app.events.emit('take.created', take);
      void generation?.advanceWaiting();
    },
    onElement: (element) => app.events.emit('element.updated', element),
    scrub: app.scrub,
    log: app.log,
    timing: overrides.timing,
  });
  disposables.add(toDisposable(() => queue.stop()));

  const generationDeps: GenerationDeps = {
    store,
    queue,
    registry: () => app.registry.registry(),
    providers: app.providers,
    compose: overrides.compose ?? composePrompt,
    media: overrides.media ?? createMediaOps(app.ffmpeg.tools),
    emitJob,
    emitTake: (take) => app.events.emit('take.created', take),
    scrub: app.scrub,
    log: app.log,
  };
  generation = new GenerationService(generationDeps);

  // Closing waits for a waiting job being prepared, so it never writes to a closed project.
  disposables.add(toDisposable(() => generation!.idle()));

  const emitExport = throttleByKey<ExportJob>(interval, (job) => app.events.emit('export.progress', { ...job }), (job) => job.id);
  const exports = disposables.add(
    new ExportService({ store, formats: app.exportFormats, ffmpeg: app.ffmpeg, fonts: () => findShippedFonts(), emit: emitExport, log: app.log }),
  );

  queue.resume();
  // Waiting jobs whose previous shot got its take while Shotline was closed go now.
  void generation.advanceWaiting();
  return { services: { store, queue, generation, takes: new TakeService(store), stills: new StillService(generationDeps), exports }, disposables };
}
