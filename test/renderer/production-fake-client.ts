/**
 * The renderer's fake client plus the production calls (estimates, jobs, takes, exports,
 * settings, keys), answered the way main does. Prices come from `pricePerSecond` per provider
 * (animatic is free), so tests compute expected figures themselves. Keys are recorded only in
 * `keysReceived` (as main would hold them); every answer is a status, never the key.
 */
import type { CallInput, CallName, CallResult } from '../../shared/contract';
import type { CostEstimate, SecretsStatus, SpendReport } from '../../shared/contract/generation';
import type { AppSettingsView } from '../../shared/contract/settings';
import type { RegistrySnapshot } from '../../shared/contract/registry';
import type { FfmpegSelfTestReport } from '../../shared/contract/media';
import { formatUsd, usdToMicros } from '../../shared/cost';
import type { ExportJob, Job } from '../../shared/domain';
import { parseFrameRate } from '../../shared/frame-rate';
import { exportOptionsSchema, type ExportFormatInfo } from '../../shared/contract/export';
import { BUILT_IN_EXPORT_FORMATS } from '../../main/export/formats';
import { ContractCallError } from '../../renderer/api/contract-call-error';
import { FakeClient, fakeId } from './fake-client';

/** The built-in formats as `export.formats` describes them (main's own descriptors, without `run`). */
export function builtInFormatInfo(): ExportFormatInfo[] {
  return BUILT_IN_EXPORT_FORMATS.map(({ id, label, description, extension, fields }) => structuredClone({ id, label, description, extension, fields }));
}

export class ProductionFakeClient extends FakeClient {
  pricePerSecond: Record<string, number> = { animatic: 0, openai: 0.1, google: 0.4 };
  spentUsd = 0;
  jobs: Job[] = [];
  keysReceived = new Map<string, string>();
  settingsView: AppSettingsView = {
    providers: {
      openai: { baseUrl: null, effectiveBaseUrl: null, concurrency: 2, fields: {}, effectiveFields: {} },
      google: { baseUrl: null, effectiveBaseUrl: null, concurrency: 2, fields: {}, effectiveFields: {} },
    },
    ffmpegPath: null,
    projectsDir: '/home/me/Shotline',
  };
  selfTestReport: FfmpegSelfTestReport = {
    ok: true,
    ffmpeg: '/usr/bin/ffmpeg',
    ffprobe: '/usr/bin/ffprobe',
    source: 'path',
    version: 'ffmpeg version 5.1.9',
    missing: [],
    problems: [],
    checkedAt: '2026-01-01T00:00:00.000Z',
  };
  exportJob: ExportJob | null = null;
  /** What `generation.spend` answers when set (else the base client's empty ledger). */
  spendAnswer: SpendReport | null = null;
  /** What `export.formats` lists (a test may register more, as the composition root allows). */
  formats: ExportFormatInfo[] = builtInFormatInfo();
  /** Formats whose export is done by the time export.start answers (a quick file). */
  instantFormats = new Set(['contact-sheet']);

  override async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
    const answer = this.production(name, input as Record<string, unknown>);
    if (answer === undefined) return super.call(name, input);
    this.calls.push({ name, input: structuredClone(input) });
    return answer as CallResult<N>;
  }

  estimate(shotIds: string[] | undefined, provider?: string, model?: string): CostEstimate {
    const ids = shotIds ?? this.shots.map((s) => s.id);
    const lines = ids.map((id) => {
      const shot = this.shots.find((s) => s.id === id)!;
      const p = provider ?? shot.provider;
      const usd = (this.pricePerSecond[p] ?? 0) * shot.seconds;
      return { shotId: id, title: shot.title, provider: p, model: model ?? shot.model, size: shot.size, seconds: shot.seconds, usd, text: formatUsd(usdToMicros(usd)), problem: null };
    });
    const total = lines.reduce((sum, l) => sum + l.usd, 0);
    const budget = this.project?.budgetUsd ?? null;
    return {
      shots: lines,
      totalUsd: total,
      totalText: formatUsd(usdToMicros(total)),
      includesThirdPartyPrices: false,
      spend: { budgetUsd: budget, spentUsd: this.spentUsd, reservedUsd: 0, remainingUsd: budget === null ? null : budget - this.spentUsd },
    };
  }

  makeJob(shotId: string, fields: Partial<Job> = {}): Job {
    const shot = this.shots.find((s) => s.id === shotId);
    return {
      id: fakeId(),
      kind: 'generate',
      shotId,
      elementId: null,
      provider: shot?.provider ?? 'animatic',
      model: shot?.model ?? 'animatic',
      status: 'queued',
      progress: 0,
      remoteId: null,
      takeId: null,
      parentTakeId: null,
      estimateUsd: 0,
      attempts: 0,
      message: '',
      waitingFor: null,
      createdAt: new Date(Date.now() - 3000).toISOString(),
      updatedAt: new Date().toISOString(),
      ...fields,
    };
  }

  /** The shipped descriptors (the screens derive key fields and buttons from them), a few models, and the user's. */
  override registrySnapshot(): RegistrySnapshot {
    const snapshot = super.registrySnapshot();
    const user = (m: { provider: string; model: string }) => this.userModels.some((u) => u.provider === m.provider && u.model === m.model);
    // Whole entries (so the editor's registry parses), served here as active.
    const stubs = [
      { ...snapshot.models.find((m) => m.model === 'animatic')!, displayName: 'Animatic', status: { state: 'active' as const } },
      { ...snapshot.models.find((m) => m.provider === 'openai' && m.model === 'sora-2')!, displayName: 'Sora 2', status: { state: 'active' as const } },
    ];
    return { ...snapshot, version: 1, models: [...stubs, ...snapshot.models.filter(user)] };
  }

  /** As main: every provider whose descriptor takes settings has a connection, defaults in use. */
  private fillSettingsView(): void {
    for (const [id, p] of Object.entries(this.registry.providers)) {
      if (p.auth.kind === 'none' || this.settingsView.providers[id]) continue;
      const effectiveFields = Object.fromEntries(p.auth.fields.flatMap((f) => (f.default ? [[f.key, f.default]] : [])));
      this.settingsView.providers[id] = { baseUrl: null, effectiveBaseUrl: null, concurrency: 2, fields: {}, effectiveFields };
    }
  }

  private secrets(): SecretsStatus {
    return {
      // As main: one status per provider whose descriptor takes a key.
      keys: Object.entries(this.registry.providers).filter(([, p]) => p.auth.kind === 'apiKey').map(([provider]) => ({ provider, isSet: this.keysReceived.has(provider), source: this.keysReceived.has(provider) ? 'memory' : null })),
      warning: null,
    };
  }

  private production(name: CallName, input: Record<string, unknown>): unknown {
    switch (name) {
      case 'app.info':
        return { version: '0.1.0-test', host: 'web', mediaBase: '/media/' };
      case 'generation.estimate':
        return this.estimate(input.shotIds as string[] | undefined, input.provider as string | undefined, input.model as string | undefined);
      case 'generation.start': {
        // As main: a shot continuing one that has no take waits (a 'waiting' job main starts
        // later) when that take is being made, in this batch or by a running job; when nothing
        // is making it, the shot cannot wait and comes back in `deferred` with the reason.
        const ids = (input.shotIds as string[] | undefined) ?? this.shots.map((s) => s.id);
        const order = this.snapshot()!.shots;
        const jobs: Job[] = [];
        const deferred: Array<{ shotId: string; reason: string }> = [];
        for (const id of ids) {
          const i = order.findIndex((s) => s.id === id);
          const previous = i > 0 ? order[i - 1]! : null;
          const provider = (input.provider as string) ?? undefined;
          if (order[i]?.continuePrevious && previous && !previous.selectedTakeId) {
            const coming = ids.includes(previous.id) || this.jobs.some((j) => j.shotId === previous.id && !['done', 'failed', 'refused', 'cancelled'].includes(j.status));
            if (coming) jobs.push(this.makeJob(id, { provider, status: 'waiting', message: `Shot ${i + 1} continues shot ${i}: it starts when shot ${i}'s take is ready.` }));
            else deferred.push({ shotId: id, reason: `Shot ${i + 1} continues shot ${i}, which has no take and none is being made. Generate shot ${i} first.` });
            continue;
          }
          jobs.push(this.makeJob(id, { provider }));
        }
        this.jobs.unshift(...jobs);
        return { jobs, reused: [], deferred, estimateUsd: 0 };
      }
      case 'jobs.list':
        return this.jobs;
      case 'jobs.cancel': {
        const job = this.jobs.find((j) => j.id === input.jobId) ?? this.makeJob(this.shots[0]!.id, { id: String(input.jobId) });
        return { ...job, status: 'cancelled', message: 'Cancelled.' };
      }
      case 'jobs.resend': {
        const job = this.jobs.find((j) => j.id === input.jobId) ?? this.makeJob(this.shots[0]!.id, { id: String(input.jobId) });
        return { ...job, status: 'queued', message: 'Sending again, as you asked.' };
      }
      case 'generation.spend':
        return this.spendAnswer ? structuredClone(this.spendAnswer) : undefined;
      case 'settings.get':
        this.fillSettingsView();
        return structuredClone(this.settingsView);
      case 'settings.update': {
        this.fillSettingsView();
        const providers = input.providers as Record<string, { baseUrl?: string | null; concurrency?: number; fields?: Record<string, string | null> }> | undefined;
        for (const [id, patch] of Object.entries(providers ?? {})) {
          const cur = this.settingsView.providers[id]!;
          if (patch.baseUrl !== undefined) cur.baseUrl = patch.baseUrl || null;
          if (patch.concurrency !== undefined) cur.concurrency = patch.concurrency;
          cur.effectiveBaseUrl = cur.baseUrl;
          // As main: an emptied field falls back to its default.
          for (const [key, value] of Object.entries(patch.fields ?? {})) {
            const field = this.registry.providers[id]?.auth.fields.find((f) => f.key === key);
            if (value) cur.fields[key] = value;
            else delete cur.fields[key];
            const inUse = value || field?.default;
            if (inUse) cur.effectiveFields[key] = inUse;
            else delete cur.effectiveFields[key];
          }
        }
        if (input.ffmpegPath !== undefined) this.settingsView.ffmpegPath = input.ffmpegPath as string | null;
        return structuredClone(this.settingsView);
      }
      case 'secrets.set':
        this.keysReceived.set(String(input.provider), String(input.key));
        return { provider: input.provider, isSet: true, source: 'memory' };
      case 'secrets.clear':
        this.keysReceived.delete(String(input.provider));
        return { provider: input.provider, isSet: false, source: null };
      case 'secrets.status':
        return this.secrets();
      case 'registry.models':
        return this.registrySnapshot();
      case 'media.selfTest':
        return this.selfTestReport;
      case 'project.update':
        if (!this.project) return undefined;
        Object.assign(this.project, input);
        if (typeof input.size === 'string') {
          const [w, h] = input.size.split('x').map(Number) as [number, number];
          this.project.format = { ...this.project.format, width: w, height: h };
        }
        if (input.fps !== undefined) this.project.format = { ...this.project.format, fps: parseFrameRate(input.fps) ?? this.project.format.fps };
        return structuredClone(this.project);
      case 'export.formats':
        return structuredClone(this.formats);
      case 'export.start': {
        // As main: the format must exist, the path end in its extension, the options fit its fields.
        const id = String(input.format ?? 'mp4');
        const format = this.formats.find((f) => f.id === id);
        if (!format) throw new ContractCallError(name, { code: 'invalid_input', message: `There is no export format "${id}"; use one of ${this.formats.map((f) => f.id).join(', ')}.` });
        const outPath = String(input.outPath);
        if (!outPath.endsWith(format.extension)) throw new ContractCallError(name, { code: 'invalid_input', message: `outPath must end in ${format.extension} for ${format.label}.` });
        const checked = exportOptionsSchema(format.fields).safeParse(input.options ?? {});
        if (!checked.success) throw new ContractCallError(name, { code: 'invalid_input', message: `options.${checked.error.issues[0]!.path.join('.')}: ${checked.error.issues[0]!.message}` });
        const job: ExportJob = { id: fakeId(), format: id, status: 'running', progress: 0, etaSeconds: null, outputPath: outPath, message: '', createdAt: new Date().toISOString() };
        if (this.instantFormats.has(id)) return { ...job, status: 'done', progress: 1, message: `Wrote ${job.outputPath} (${this.shots.length} shots, 1200x800).` };
        this.exportJob = job;
        return { ...this.exportJob };
      }
      case 'export.cancel':
        return { ...this.exportJob!, status: 'cancelled', message: 'Export cancelled; nothing was written.' };
      case 'app.reveal':
      case 'app.openPath':
        return { done: false, path: input.path, message: `This host cannot open the file manager; the file is at ${String(input.path)}.` };
      default:
        return undefined;
    }
  }
}
