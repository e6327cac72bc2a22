/**
 * The `comfyui` provider: LTX-2, Wan 2.2 and FLUX stills rendered by the user's own ComfyUI, on
 * this machine's GPU or a remote GPU host (or several: a pool). ComfyUI has no SDK and needs
 * none: plain fetch for its JSON routes, `ws` for its progress socket (Node 20 has no
 * WebSocket). The protocol (Comfy-Org/docs, `development/comfyui-server/`):
 *
 *   POST /upload/image (first frame) -> POST /prompt {prompt, client_id, prompt_id, extra_data}
 *   -> /ws?clientId= messages (or GET /history/{id} + GET /queue) -> GET /view?filename=...
 *   cancel: POST /queue {delete} for a pending prompt, POST /interrupt {prompt_id} for the running one.
 *
 * - Workflows are API-format templates patched by node class and title (workflow-patcher.ts),
 *   the built-in ones from assets/comfyui/, the user's own from `<settings>/comfyui/workflows/`.
 * - Creates: the prompt id is chosen here, derived from the job's idempotency key, so every
 *   attempt of a job is the same prompt. ComfyUI takes a client-chosen `prompt_id` but does not
 *   dedupe (a prompt sent twice renders twice), so the guard is `lookup`: `findSubmitted` asks
 *   every host's /queue and /history for that id before anything is sent again. The key also
 *   travels in `extra_data`, which older servers that ignore `prompt_id` still keep and echo.
 * - A remote id is `<host base>#<prompt id>`: a restarted Shotline polls the right host.
 *   ComfyUI keeps queue and history in memory only; a job on a host that restarted is gone and
 *   is reported so.
 * - Cost is $0 (the registry says so); the GPU time of each prompt (ComfyUI's execution_start to
 *   execution_success timestamps) is reported in `serviceState` and the log.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { downloadResponseToFile } from '../download-to-file';
import { ProviderError, type CreateGuard, type FindSubmittedOptions, type ImageInput, type PollResult, type ProviderRequest, type SubmitOptions, type SubmitResult, type VideoProvider } from '../provider';
import { executionError, missingNodeOf, promptRefusal, type ExecutionFailure, type PromptErrorBody } from './comfy-errors';
import { comfyFetch, comfyJson, ComfyHttpStatus, serviceName, statusError } from './comfy-http';
import { downloadImageToFile, outputFiles, viewPath } from './comfy-outputs';
import { hostForBase, HostSettingError, leastBusy, parseHosts, parseRemoteId, remoteIdOf, type ComfyHost } from './host-pool';
import { clientIdOf, ProgressWatcher, progressOf, type ProgressWatcherOptions, type PromptProgress } from './progress-watcher';
import { userWorkflowsDir, workflowFor, type WorkflowVariant } from './workflow-catalog';
import { framesFor, patchWorkflow, snapSize, WorkflowError, type ApiWorkflow, type PatchValues } from './workflow-patcher';

export interface ComfyUiProviderOptions {
  /** One ComfyUI base URL, or several separated by commas or whitespace (default http://127.0.0.1:8188). */
  baseUrl?: string;
  /** The app's settings folder: the user's workflows are in its `comfyui/workflows/`. */
  settingsDir?: string;
  /** The user's workflows folder itself (default: from `settingsDir`; absent: built-in templates only). */
  workflowsDir?: string;
  /** Per-request timeouts in ms; defaults: probe 5 s, submit 120 s (uploads included), poll 30 s, download 10 min. */
  timeouts?: { probe?: number; submit?: number; poll?: number; download?: number };
  /** Progress socket tuning (tests shorten the waits). */
  watcher?: Omit<ProgressWatcherOptions, 'log'>;
  /** Where request lines go (default console.info). Never contains proxy credentials. */
  log?: (line: string) => void;
}

/** Where the idempotency key travels in `extra_data` (kept in /queue and /history items). */
export const KEY_FIELD = 'shotline_idempotency_key';

/** The prompt id of every create of one job: a UUID (version 8, RFC 9562 "custom") from the key. */
export function promptIdFor(idempotencyKey: string): string {
  const b = crypto.createHash('sha256').update(`shotline-comfyui\0${idempotencyKey}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A seed for a shot that has none: random across jobs, the same on every attempt of one job. */
export function seedFor(idempotencyKey: string): number {
  return crypto.createHash('sha256').update(`shotline-seed\0${idempotencyKey}`).digest().readUIntBE(0, 6);
}

/** A /queue item: [number, prompt_id, prompt, extra_data, outputs_to_execute]. */
type QueueItem = [number, string, ApiWorkflow?, Record<string, unknown>?, unknown?];
interface QueueState {
  queue_running?: QueueItem[];
  queue_pending?: QueueItem[];
}
type StatusMessage = [string, Record<string, unknown>];
interface HistoryEntry {
  prompt?: QueueItem;
  outputs?: Record<string, Record<string, unknown>>;
  status?: { status_str?: string; completed?: boolean; messages?: StatusMessage[] };
}

/** An MP4 needs its 'ftyp'; other containers cannot be ingested as takes. */
const MP4_LIKE = /\.(mp4|m4v|mov)$/i;

export class ComfyUiProvider implements VideoProvider {
  readonly id = 'comfyui';
  readonly createGuard: CreateGuard = 'lookup';
  private readonly hosts: ComfyHost[];
  private readonly workflowsDir: string | undefined;
  private readonly timeouts: Required<NonNullable<ComfyUiProviderOptions['timeouts']>>;
  private readonly log: (line: string) => void;
  private readonly watcher: ProgressWatcher;

  constructor(options: ComfyUiProviderOptions = {}) {
    try {
      this.hosts = parseHosts(options.baseUrl);
    } catch (error) {
      throw new ProviderError('bad_request', `The ComfyUI base URL setting is not usable: ${(error as Error).message}`);
    }
    this.workflowsDir = options.workflowsDir ?? (options.settingsDir ? userWorkflowsDir(options.settingsDir) : undefined);
    this.timeouts = { probe: 5_000, submit: 120_000, poll: 30_000, download: 600_000, ...options.timeouts };
    this.log = options.log ?? ((line) => console.info(line));
    this.watcher = new ProgressWatcher({ ...options.watcher, log: this.log });
  }

  /** Closes the progress sockets (they are unref'd, so this is tidiness, not a requirement). */
  dispose(): void {
    this.watcher.dispose();
  }

  // ---- create ----------------------------------------------------------------------------------

  async submit(request: ProviderRequest, { signal, idempotencyKey }: SubmitOptions): Promise<SubmitResult> {
    if (request.lastFrame || (request.references && request.references.length > 0)) {
      throw new ProviderError('bad_request', 'The ComfyUI templates take a first frame only, not a last frame or reference images; remove them from the shot or pick another model.');
    }
    const variant = this.variantFor(request);
    const promptId = promptIdFor(idempotencyKey);
    const values = this.valuesFor(request, variant, request.seed ?? seedFor(idempotencyKey));
    // Patch once before anything is sent, so a broken mapping costs no upload and no host.
    this.patch(variant, { ...values, ...(request.firstFrame ? { image: 'check.png' } : {}) });

    const host = await this.pickHost(signal);
    const workflowSize = Object.keys(variant.workflow).length;
    // Open the prompt's socket first: its messages go only to a client that is already there.
    await this.watcher.watch(host, promptId, workflowSize);
    let workflow: ApiWorkflow;
    try {
      if (request.firstFrame) values.image = await this.upload(host, request.firstFrame, signal);
      workflow = this.patch(variant, values);
    } catch (error) {
      this.watcher.stop(host, promptId);
      // Nothing was queued yet: an upload that failed cannot have rendered anything.
      if (error instanceof ProviderError && error.retryable) throw new ProviderError(error.kind, error.message, { ...error.details, sent: 'no' });
      throw error;
    }

    const body = { prompt: workflow, client_id: clientIdOf(promptId), prompt_id: promptId, extra_data: { [KEY_FIELD]: idempotencyKey } };
    let answer: { prompt_id?: string; number?: number; node_errors?: Record<string, unknown> };
    try {
      answer = await comfyJson(host, '/prompt', { body, signal, timeoutMs: this.timeouts.submit, doing: `queueing ${variant.name}` });
    } catch (error) {
      this.watcher.stop(host, promptId);
      throw await this.promptFailure(host, error, variant, `queueing ${variant.name}`, signal);
    }
    const queuedId = typeof answer?.prompt_id === 'string' && answer.prompt_id ? answer.prompt_id : promptId;
    if (queuedId !== promptId) {
      // A server older than client-chosen prompt ids: follow its id (the key in extra_data still finds it).
      this.watcher.stop(host, promptId);
      this.log(`[comfyui] ${host.label} ignored the prompt id ${promptId} and queued ${queuedId} (an older ComfyUI)`);
    }
    const partial = answer?.node_errors && Object.keys(answer.node_errors).length ? ` (some outputs skipped: ${Object.keys(answer.node_errors).join(', ')})` : '';
    this.log(`[comfyui] queued ${queuedId} on ${host.label} as number ${answer?.number ?? '?'} (${variant.name})${partial}`);
    return { remoteId: remoteIdOf(host, queuedId) };
  }

  /**
   * The prompt an earlier create of this job queued, on any host of the pool: its id (derived
   * from the key) in /queue or /history, or, for servers that chose their own id, the key in an
   * item's extra_data. Throws when a host cannot be asked and the prompt was not found elsewhere.
   */
  async findSubmitted(_request: ProviderRequest, { idempotencyKey, signal }: FindSubmittedOptions): Promise<SubmitResult | null> {
    const promptId = promptIdFor(idempotencyKey);
    const results = await Promise.allSettled(this.hosts.map((host) => this.lookFor(host, promptId, idempotencyKey, signal)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled' && r.value) {
        this.log(`[comfyui] found ${r.value} on ${this.hosts[i]!.label} for ${idempotencyKey}; not sent again`);
        return { remoteId: remoteIdOf(this.hosts[i]!, r.value) };
      }
    }
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${this.hosts[i]!.label}: ${(r.reason as Error).message}`] : []));
    if (failed.length) {
      throw new ProviderError('network', `Could not ask every ComfyUI host whether it already has this job (${failed.join('; ')}); it was not sent again.`);
    }
    return null;
  }

  private async lookFor(host: ComfyHost, promptId: string, key: string, signal?: AbortSignal): Promise<string | null> {
    const opts = (doing: string) => ({ signal, timeoutMs: this.timeouts.poll, doing });
    const byKey = (item: QueueItem | undefined) => item?.[1] === promptId || item?.[3]?.[KEY_FIELD] === key;
    try {
      const one = await comfyJson<Record<string, HistoryEntry>>(host, `/history/${encodeURIComponent(promptId)}`, opts('looking for an earlier create'));
      if (one?.[promptId]) return promptId;
      const queue = await comfyJson<QueueState>(host, '/queue', opts('looking for an earlier create'));
      const queued = [...(queue?.queue_running ?? []), ...(queue?.queue_pending ?? [])].find(byKey);
      if (queued) return queued[1];
      // Servers that ignore prompt_id: the key in a recent history item's extra_data.
      const recent = await comfyJson<Record<string, HistoryEntry>>(host, '/history?max_items=64', opts('looking for an earlier create'));
      const found = Object.entries(recent ?? {}).find(([, entry]) => byKey(entry.prompt));
      return found ? found[0] : null;
    } catch (error) {
      throw error instanceof ComfyHttpStatus ? statusError(host, error, 'looking for an earlier create') : error;
    }
  }

  // ---- poll ------------------------------------------------------------------------------------

  async poll(remoteId: string, signal?: AbortSignal): Promise<PollResult> {
    const { host, promptId } = this.locate(remoteId);
    const live = this.watcher.get(host, promptId);
    // While the socket is open and talking, it is the progress; quiet for long, ask over HTTP.
    if (live?.connected && live.started && !live.finished && Date.now() - live.lastMessageAt < 30_000) {
      return { state: 'running', progress: progressOf(live), serviceState: this.runningState(host, live) };
    }
    try {
      const done = await this.historyEntry(host, promptId, signal);
      if (done) return this.fromHistory(host, promptId, done);
      const queue = await comfyJson<QueueState>(host, '/queue', { signal, timeoutMs: this.timeouts.poll, doing: `checking prompt ${promptId}` });
      const running = (queue?.queue_running ?? []).find((item) => item[1] === promptId);
      if (running) {
        const total = running[2] && typeof running[2] === 'object' ? Object.keys(running[2]).length : undefined;
        void this.watcher.watch(host, promptId, total);
        const p = this.watcher.get(host, promptId);
        return { state: 'running', progress: p ? progressOf(p) : 0, serviceState: p ? this.runningState(host, p) : `Rendering on ${host.label}` };
      }
      const pending = (queue?.queue_pending ?? []).slice().sort((a, b) => a[0] - b[0]);
      const at = pending.findIndex((item) => item[1] === promptId);
      if (at >= 0) {
        void this.watcher.watch(host, promptId);
        const ahead = at + (queue?.queue_running?.length ?? 0);
        return { state: 'queued', progress: 0, serviceState: `Queued on ${host.label}: ${ahead} ahead` };
      }
      // It may have finished between the two reads.
      const late = await this.historyEntry(host, promptId, signal);
      if (late) return this.fromHistory(host, promptId, late);
      this.watcher.stop(host, promptId);
      return {
        state: 'failed',
        progress: 0,
        error: new ProviderError(
          'expired',
          `The ${serviceName(host)} no longer has prompt ${promptId} in its queue or history: ComfyUI keeps both in memory only, so it was probably restarted (or its queue was cleared). Generate the shot again.`,
        ),
      };
    } catch (error) {
      throw error instanceof ComfyHttpStatus ? statusError(host, error, `checking prompt ${promptId}`) : error;
    }
  }

  /** "Rendering on gpu-1:8188: node 15 step 3/8, 42 s of GPU time so far". */
  private runningState(host: ComfyHost, p: PromptProgress): string {
    const step = p.max > 0 ? ` step ${p.value}/${p.max}` : '';
    const gpu = p.startedAt !== null ? `, ${Math.round((Date.now() - p.startedAt) / 1000)} s of GPU time so far` : '';
    return `Rendering on ${host.label}${p.node ? `: node ${p.node}${step}` : ''}${gpu}`;
  }

  private async historyEntry(host: ComfyHost, promptId: string, signal?: AbortSignal): Promise<HistoryEntry | null> {
    const history = await comfyJson<Record<string, HistoryEntry>>(host, `/history/${encodeURIComponent(promptId)}`, { signal, timeoutMs: this.timeouts.poll, doing: `checking prompt ${promptId}` });
    return history?.[promptId] ?? null;
  }

  private fromHistory(host: ComfyHost, promptId: string, entry: HistoryEntry): PollResult {
    this.watcher.stop(host, promptId);
    const messages = entry.status?.messages ?? [];
    const failure = [...messages].reverse().find(([type]) => type === 'execution_error' || type === 'execution_interrupted');
    const gpu = gpuSeconds(messages);
    const gpuText = gpu === null ? '' : `GPU time ${gpu.toFixed(1)} s on ${host.label}`;
    if (failure || entry.status?.status_str === 'error') {
      const [type, data] = failure ?? ['execution_error', {}];
      const error = executionError(host, promptId, type as 'execution_error' | 'execution_interrupted', data as ExecutionFailure);
      this.log(`[comfyui] ${promptId} on ${host.label} failed: ${error.details.code ?? type}${gpuText ? ` (${gpuText})` : ''}`);
      return { state: 'failed', progress: 1, error, ...(gpuText ? { serviceState: gpuText } : {}) };
    }
    if (entry.status && entry.status.completed === false) return { state: 'running', progress: 0.99, serviceState: `Finishing on ${host.label}` };
    this.log(`[comfyui] ${promptId} finished on ${host.label}${gpuText ? `: ${gpuText}` : ''}`);
    return { state: 'completed', progress: 1, serviceState: gpuText || `Finished on ${host.label}` };
  }

  // ---- download and cancel -----------------------------------------------------------------

  async download(remoteId: string, destination: string, signal?: AbortSignal): Promise<void> {
    const { host, promptId } = this.locate(remoteId);
    let entry: HistoryEntry | null;
    try {
      entry = await this.historyEntry(host, promptId, signal);
    } catch (error) {
      throw error instanceof ComfyHttpStatus ? statusError(host, error, `reading the result of ${promptId}`) : error;
    }
    if (!entry) {
      throw new ProviderError('expired', `The ${serviceName(host)} no longer has prompt ${promptId} (ComfyUI forgets its history when it restarts); generate the shot again.`);
    }
    const result = this.fromHistory(host, promptId, entry);
    if (result.state === 'failed' && result.error) throw result.error;
    const file = outputFiles(entry.outputs)[0];
    if (!file) {
      throw new ProviderError('bad_request', `Prompt ${promptId} on ${host.label} finished without a saved video or image: the workflow needs a SaveVideo (MP4) or SaveImage node.`);
    }
    if (file.kind === 'video' && !MP4_LIKE.test(file.filename)) {
      throw new ProviderError('bad_request', `Prompt ${promptId} on ${host.label} saved ${file.filename}; Shotline takes MP4 clips: set the workflow's SaveVideo format to mp4 (or auto).`);
    }
    let response: Response;
    try {
      response = await comfyFetch(host, viewPath(file), { signal, timeoutMs: this.timeouts.download, doing: `downloading ${file.filename}` });
    } catch (error) {
      if (error instanceof ComfyHttpStatus && error.status === 404) {
        throw new ProviderError('expired', `The ${serviceName(host)} no longer has ${file.subfolder ? `${file.subfolder}/` : ''}${file.filename} (deleted from its ${file.type} folder?); generate the shot again.`, { status: 404 });
      }
      throw error instanceof ComfyHttpStatus ? statusError(host, error, `downloading ${file.filename}`) : error;
    }
    const what = `ComfyUI output ${file.filename} of ${promptId}`;
    if (file.kind === 'video') await downloadResponseToFile(response, destination, { what }, signal);
    else await downloadImageToFile(response, destination, what, signal);
    this.log(`[comfyui] downloaded ${file.filename} of ${promptId} from ${host.label}`);
  }

  /** A pending prompt is deleted from the host's queue; the running one is interrupted. */
  async cancel(remoteId: string): Promise<void> {
    const { host, promptId } = this.locate(remoteId);
    this.watcher.stop(host, promptId);
    const opts = (doing: string, body?: unknown) => ({ timeoutMs: this.timeouts.poll, doing, ...(body !== undefined ? { body } : {}) });
    try {
      const queue = await comfyJson<QueueState>(host, '/queue', opts(`cancelling ${promptId}`));
      if ((queue?.queue_pending ?? []).some((item) => item[1] === promptId)) {
        await comfyFetch(host, '/queue', { ...opts(`cancelling ${promptId}`, { delete: [promptId] }), method: 'POST' });
        this.log(`[comfyui] removed ${promptId} from the queue of ${host.label}`);
      } else if ((queue?.queue_running ?? []).some((item) => item[1] === promptId)) {
        // With prompt_id, newer servers interrupt only that prompt; ours is the running one anyway.
        await comfyFetch(host, '/interrupt', { ...opts(`cancelling ${promptId}`, { prompt_id: promptId }), method: 'POST' });
        this.log(`[comfyui] interrupted ${promptId} on ${host.label}`);
      }
    } catch (error) {
      throw error instanceof ComfyHttpStatus ? statusError(host, error, `cancelling ${promptId}`) : error;
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private locate(remoteId: string): { host: ComfyHost; promptId: string } {
    try {
      const { base, promptId } = parseRemoteId(remoteId);
      return { host: hostForBase(this.hosts, base), promptId };
    } catch (error) {
      if (error instanceof HostSettingError) throw new ProviderError('not_found', error.message);
      throw error;
    }
  }

  private variantFor(request: ProviderRequest): WorkflowVariant {
    let variant: WorkflowVariant;
    try {
      variant = workflowFor(request.model, Boolean(request.firstFrame), this.workflowsDir);
    } catch (error) {
      if (error instanceof WorkflowError) throw new ProviderError(error.code === 'unknown_model' ? 'not_found' : 'bad_request', error.message);
      throw error;
    }
    // The model's workflow decides what it makes; a request that says otherwise is refused.
    const wanted = request.output;
    if (wanted && variant.mapping.output !== wanted) {
      throw new ProviderError('bad_request', `The workflow ${variant.name} makes ${variant.mapping.output === 'video' ? 'a clip' : 'a still'}, but this job asks for ${wanted === 'video' ? 'a clip' : 'a still'}; pick a ${wanted} model.`);
    }
    return variant;
  }

  private valuesFor(request: ProviderRequest, variant: WorkflowVariant, seed: number): PatchValues {
    const m = variant.mapping;
    const [width, height] = request.size.split('x').map(Number) as [number, number];
    const values: PatchValues = { prompt: request.prompt, seed };
    if (request.negativePrompt) values.negativePrompt = request.negativePrompt;
    if (m.inputs.width) values.width = snapSize(width, m.sizeStep);
    if (m.inputs.height) values.height = snapSize(height, m.sizeStep);
    if (m.output === 'video' && m.fps) {
      values.frames = framesFor(request.seconds, m.fps, m.frameStep);
      if (m.inputs.fps) values.fps = m.fps;
    }
    return values;
  }

  private patch(variant: WorkflowVariant, values: PatchValues): ApiWorkflow {
    try {
      return patchWorkflow(variant.workflow, variant.mapping, values, variant.name);
    } catch (error) {
      if (error instanceof WorkflowError) throw new ProviderError('bad_request', error.message);
      throw error;
    }
  }

  /**
   * The least busy host of the pool (queue_running + queue_pending). A host that does not
   * answer is skipped; when none answers nothing was sent anywhere (`sent: 'no'`).
   */
  private async pickHost(signal?: AbortSignal): Promise<ComfyHost> {
    const probes = await Promise.allSettled(
      this.hosts.map((host) => comfyJson<QueueState>(host, '/queue', { signal, timeoutMs: this.timeouts.probe, doing: 'reading its queue' })),
    );
    if (signal?.aborted) throw new ProviderError('cancelled', 'Stopped choosing a ComfyUI host: cancelled.');
    const loads = probes.map((p) => (p.status === 'fulfilled' ? (p.value?.queue_running?.length ?? 0) + (p.value?.queue_pending?.length ?? 0) : null));
    const host = leastBusy(this.hosts, loads);
    const reasons = probes.flatMap((p, i) => {
      if (p.status === 'fulfilled') return [];
      const reason = p.reason instanceof ComfyHttpStatus ? statusError(this.hosts[i]!, p.reason, 'reading its queue') : (p.reason as Error);
      return [{ host: this.hosts[i]!, error: reason }];
    });
    for (const r of reasons) this.log(`[comfyui] skipped ${r.host.label}: ${r.error.message}`);
    if (host) {
      if (this.hosts.length > 1) this.log(`[comfyui] picked ${host.label} (queue ${loads[this.hosts.indexOf(host)]}) of ${this.hosts.length} hosts`);
      return host;
    }
    const only = reasons.length === 1 ? reasons[0]!.error : null;
    if (only instanceof ProviderError) throw new ProviderError(only.kind, only.message, { ...only.details, sent: 'no' });
    throw new ProviderError(
      'network',
      `None of the ${this.hosts.length} ComfyUI hosts answered (${reasons.map((r) => `${r.host.label}: ${r.error.message}`).join('; ')}). Start ComfyUI there or fix the base URLs in Settings.`,
      { sent: 'no' },
    );
  }

  /** Uploads the first frame into the host's input folder under a name from its hash (the same file is never stored twice). */
  private async upload(host: ComfyHost, image: ImageInput, signal?: AbortSignal): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(image.path);
    } catch (error) {
      throw new ProviderError('bad_request', `The first frame ${image.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); import the image again.`);
    }
    const ext = image.mime === 'image/jpeg' ? 'jpg' : image.mime === 'image/webp' ? 'webp' : 'png';
    const hash = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 20);
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(bytes)], { type: image.mime }), `shotline-${hash}.${ext}`);
    form.append('overwrite', 'true');
    form.append('type', 'input');
    try {
      const saved = await comfyJson<{ name?: string; subfolder?: string }>(host, '/upload/image', { body: form, signal, timeoutMs: this.timeouts.submit, doing: 'uploading the first frame' });
      if (!saved?.name) throw new ProviderError('server', `The ${serviceName(host)} took the first frame but did not say where it stored it.`);
      return saved.subfolder ? `${saved.subfolder}/${saved.name}` : saved.name;
    } catch (error) {
      throw error instanceof ComfyHttpStatus ? statusError(host, error, 'uploading the first frame') : error;
    }
  }

  /** A failed /prompt: ComfyUI's 400 refusals in its words, other statuses by the common reading. */
  private async promptFailure(host: ComfyHost, error: unknown, variant: WorkflowVariant, doing: string, signal?: AbortSignal): Promise<unknown> {
    if (!(error instanceof ComfyHttpStatus)) return error;
    const body = error.json() as PromptErrorBody | undefined;
    if (error.status !== 400 || !body || typeof body !== 'object') return statusError(host, error, doing);
    const missing = missingNodeOf(body) ? await this.missingClasses(host, variant.workflow, signal) : [];
    const refusal = promptRefusal(host, body, variant.name, missing);
    this.log(`[comfyui] ${host.label} refused ${variant.name}: ${refusal.details.code ?? 'invalid'}`);
    return refusal;
  }

  /** Every class of the workflow the host's /object_info does not know (ComfyUI names only the first). */
  private async missingClasses(host: ComfyHost, workflow: ApiWorkflow, signal?: AbortSignal): Promise<string[]> {
    const classes = [...new Set(Object.values(workflow).map((n) => n.class_type))];
    const known = await Promise.all(
      classes.map((cls) =>
        comfyJson<Record<string, unknown>>(host, `/object_info/${encodeURIComponent(cls)}`, { signal, timeoutMs: this.timeouts.probe, doing: 'listing its nodes' })
          .then((info) => Boolean(info?.[cls]))
          .catch(() => true),
      ),
    );
    return classes.filter((_, i) => !known[i]);
  }
}

/** Seconds from execution_start to execution_success/error (ComfyUI's ms timestamps), or null. */
export function gpuSeconds(messages: readonly StatusMessage[]): number | null {
  const at = (type: string) => messages.find(([t]) => t === type)?.[1]?.timestamp;
  const start = at('execution_start');
  const end = at('execution_success') ?? at('execution_error') ?? at('execution_interrupted');
  return typeof start === 'number' && typeof end === 'number' && end >= start ? (end - start) / 1000 : null;
}
