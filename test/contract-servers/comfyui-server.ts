/**
 * A local ComfyUI server, written from ComfyUI's documented protocol (Comfy-Org/docs
 * `development/comfyui-server/comms_routes.mdx`, `comms_messages.mdx`, `api-examples.mdx`) and
 * the behaviour of `server.py` / `execution.py` it describes, not from our adapter:
 *
 *   POST /prompt            {prompt: <API-format graph>, client_id?, prompt_id?, extra_data?, front?}
 *                           -> {prompt_id, number, node_errors}; a client-chosen prompt_id is used as given
 *                           (`str(json_data.get("prompt_id", uuid4()))`), and a prompt sent twice is queued
 *                           twice; validation failures are 400 {error:{type,message,details,extra_info}, node_errors}
 *   GET  /queue             {queue_running: [item], queue_pending: [item]}, item = [number, prompt_id, prompt, extra_data, outputs]
 *   POST /queue             {delete: [prompt_id]} | {clear: true}
 *   GET  /history[/{id}]    {[prompt_id]: {prompt: item, outputs: {[node]: ui}, status: {status_str, completed, messages}, meta}}
 *   POST /history           {delete: [id]} | {clear: true}
 *   POST /interrupt         stops the running prompt ({prompt_id} limits it to that prompt)
 *   POST /upload/image      multipart image (+ overwrite, type, subfolder) -> {name, subfolder, type}
 *   GET  /view              ?filename&subfolder&type -> the file
 *   GET  /object_info/{cls} {[cls]: {...}} or {} when the class is unknown
 *   GET  /ws?clientId=      status (queue_remaining, sid), execution_start, execution_cached, executing
 *                           (node null = done), progress (value/max), executed (ui output),
 *                           execution_success, execution_error, execution_interrupted
 * Every route is served under `/api` too. One FIFO queue, one prompt running at a time; messages
 * of a prompt go to the socket of its client_id only (`status` goes to all). `SaveVideo` reports
 * its file under `images` with `animated: [true]` (core ComfyUI has no `videos` key); the file is a
 * real MP4 of the size, length and rate the graph asks for (LTX latents floor the size to 32, Wan
 * to 16, as the nodes do). History and queue live in memory: `restart()` forgets both, as ComfyUI does.
 *
 * Tests: `const server = await startComfyContractServer({ renderMs: 200 })`, point the adapter at
 * `server.baseUrl`, arm faults, read `server.requests` / `server.prompts`, `await server.close()`.
 * Manual runs: `npx tsx test/contract-servers/comfyui-server.ts --port 8188 --render-ms 3000`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { WebSocketServer, type WebSocket } from 'ws';
import { contractClip } from './contract-clip';
import { FaultBook, baseOf, cliFlags, flatHeaders, imageInfo, readBody, sendBytes, sendJson, type Fault, type RecordedRequest } from './contract-kit';

/** Routes a `status` fault can target. */
export type ComfyRoute = 'prompt' | 'queue' | 'history' | 'view' | 'upload' | 'interrupt' | 'object_info';

/** ComfyUI-specific faults (the shared `Fault`s work too: status, cut-download, expired). */
export type ComfyFault =
  | Fault
  /** The next /prompt is queued (the GPU will render it) and then the connection is reset, or answered 500. */
  | { kind: 'accept-then-drop'; mode: 'reset' | 'status500' }
  /** Prompts run from now on fail in their first sampler with CUDA out of memory (until cleared). */
  | { kind: 'oom' }
  /** Prompts run from now on fail in their first sampler with this exception (until cleared). */
  | { kind: 'execution-error'; exceptionType: string; message: string };

export interface ComfyContractServerOptions {
  port?: number;
  /** How long a prompt's samplers take in all, in ms (default 300). */
  renderMs?: number;
  /** Progress messages per sampler (default 4). */
  steps?: number;
  /** Node classes the server has (default: the core classes below). */
  nodeClasses?: string[];
  /** Model files installed, by models/ folder (default: the files the official LTX-2, Wan 2.2 and FLUX templates use). */
  models?: Record<string, string[]>;
  /** Accept /ws upgrades (default true); false makes clients fall back to polling. */
  websocket?: boolean;
  /** Use a client-chosen prompt_id (default true; false behaves like servers before that was added). */
  honoursPromptId?: boolean;
  /** `user:password` a reverse proxy in front of ComfyUI demands (HTTP Basic); ComfyUI itself has no auth. */
  basicAuth?: string;
  /** Frame rate of the MP4s actually encoded (default 12: cheap; the graph's rate only sets the duration). */
  clipFps?: number;
}

/** A prompt the server accepted (what the GPU would render: each one costs GPU time). */
export interface AcceptedPrompt {
  promptId: string;
  number: number;
  clientId: string | undefined;
  prompt: Record<string, ApiNode>;
  extraData: Record<string, unknown>;
  acceptedAt: number;
}

export interface ComfyContractServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Every prompt accepted into the queue, oldest first. */
  prompts: AcceptedPrompt[];
  /** Client ids that opened a /ws socket, in order. */
  socketClients: string[];
  /** Images uploaded to the input folder, by `subfolder/name`. */
  uploads: Map<string, Buffer>;
  setFault(fault: ComfyFault & { route?: ComfyRoute | '*' }): void;
  clearFaults(): void;
  /** Forgets queue, history and outputs and drops every socket, as a restarted ComfyUI does. */
  restart(): void;
  close(): Promise<void>;
}

/** One node of an API-format graph. */
export interface ApiNode {
  class_type?: string;
  inputs?: Record<string, unknown>;
  _meta?: { title?: string };
}

type QueueItem = [number, string, Record<string, ApiNode>, Record<string, unknown>, string[]];
type Message = [string, Record<string, unknown>];

interface HistoryEntry {
  prompt: QueueItem;
  outputs: Record<string, Record<string, unknown>>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: Message[] };
  meta: Record<string, { node_id: string; display_node: string; parent_node: null; real_node_id: string }>;
}

/** Core node classes (nodes.py and comfy_extras) the official LTX-2, Wan 2.2 and FLUX graphs use. */
export const CORE_NODE_CLASSES = [
  'CheckpointLoaderSimple', 'UNETLoader', 'CLIPLoader', 'DualCLIPLoader', 'VAELoader', 'LoraLoaderModelOnly',
  'CLIPTextEncode', 'KSampler', 'KSamplerAdvanced', 'SamplerCustomAdvanced', 'RandomNoise', 'KSamplerSelect', 'CFGGuider',
  'BasicScheduler', 'VAEDecode', 'VAEDecodeTiled', 'LoadImage', 'SaveImage', 'PreviewImage', 'SaveVideo', 'CreateVideo',
  'EmptyLatentImage', 'EmptySD3LatentImage', 'EmptyHunyuanLatentVideo', 'ModelSamplingSD3', 'WanImageToVideo',
  'Wan22ImageToVideoLatent', 'EmptyLTXVLatentVideo', 'LTXVImgToVideo', 'LTXVImgToVideoInplace', 'LTXVConditioning',
  'LTXVScheduler', 'LTXVPreprocess', 'LTXVEmptyLatentAudio', 'LTXVAudioVAELoader', 'LTXVAudioVAEDecode',
  'LTXAVTextEncoderLoader', 'LTXVConcatAVLatent', 'LTXVSeparateAVLatent',
  'PrimitiveInt', 'PrimitiveFloat', 'PrimitiveString', 'PrimitiveStringMultiline', 'PrimitiveBoolean',
];

/** Model-file inputs of the loaders, and the models/ folder each lists (folder_paths). */
const MODEL_INPUTS: Record<string, Record<string, string>> = {
  CheckpointLoaderSimple: { ckpt_name: 'checkpoints' },
  UNETLoader: { unet_name: 'diffusion_models' },
  CLIPLoader: { clip_name: 'text_encoders' },
  DualCLIPLoader: { clip_name1: 'text_encoders', clip_name2: 'text_encoders' },
  VAELoader: { vae_name: 'vae' },
  LoraLoaderModelOnly: { lora_name: 'loras' },
  LTXVAudioVAELoader: { ckpt_name: 'checkpoints' },
  LTXAVTextEncoderLoader: { text_encoder: 'text_encoders', ckpt_name: 'checkpoints' },
};

/** The files the official templates name (workflow_templates' model links). */
export const TEMPLATE_MODELS: Record<string, string[]> = {
  checkpoints: ['ltx-2-19b-distilled.safetensors', 'ltx-2-19b-distilled-fp8.safetensors', 'flux1-schnell-fp8.safetensors'],
  diffusion_models: ['wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors', 'wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors'],
  text_encoders: ['gemma_3_12B_it.safetensors', 'umt5_xxl_fp8_e4m3fn_scaled.safetensors'],
  vae: ['wan_2.1_vae.safetensors'],
  loras: ['ltx-2-19b-distilled-lora-384.safetensors'],
};

const SAMPLERS = new Set(['KSampler', 'KSamplerAdvanced', 'SamplerCustomAdvanced']);
const OUTPUT_NODES = new Set(['SaveImage', 'PreviewImage', 'SaveVideo']);
const PRIMITIVES = new Set(['PrimitiveInt', 'PrimitiveFloat', 'PrimitiveString', 'PrimitiveStringMultiline', 'PrimitiveBoolean']);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

const isLink = (v: unknown): v is [string, number] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';

export async function startComfyContractServer(options: ComfyContractServerOptions = {}): Promise<ComfyContractServer> {
  const renderMs = options.renderMs ?? 300;
  const steps = Math.max(1, options.steps ?? 4);
  const classes = new Set(options.nodeClasses ?? CORE_NODE_CLASSES);
  const models = options.models ?? TEMPLATE_MODELS;
  const honoursPromptId = options.honoursPromptId ?? true;
  const faults = new FaultBook();
  const comfyFaults: ComfyFault[] = [];
  const requests: RecordedRequest[] = [];
  const prompts: AcceptedPrompt[] = [];
  const socketClients: string[] = [];
  const uploads = new Map<string, Buffer>();
  const outputs = new Map<string, { data: Buffer; type: string }>();
  const outputCounters = new Map<string, number>();

  let number = 0;
  let pending: QueueItem[] = [];
  let running: { item: QueueItem; abort: AbortController; node: string | null } | null = null;
  let history = new Map<string, HistoryEntry>();
  const sockets = new Map<string, WebSocket>();
  let worker: Promise<void> = Promise.resolve();
  let epoch = 0;

  // ---- messages ------------------------------------------------------------------------------

  function send(sid: string | undefined, type: string, data: Record<string, unknown>): void {
    const text = JSON.stringify({ type, data });
    if (sid === undefined) {
      for (const ws of sockets.values()) ws.send(text);
      return;
    }
    sockets.get(sid)?.send(text);
  }

  const queueInfo = () => ({ exec_info: { queue_remaining: pending.length + (running ? 1 : 0) } });
  const broadcastStatus = () => send(undefined, 'status', { status: queueInfo() });

  // ---- validation (execution.validate_prompt) --------------------------------------------------

  function resolveValue(prompt: Record<string, ApiNode>, value: unknown): unknown {
    if (!isLink(value)) return value;
    const source = prompt[value[0]];
    if (source?.class_type && PRIMITIVES.has(source.class_type)) return source.inputs?.value;
    return undefined;
  }

  function validate(prompt: Record<string, ApiNode>): { outputs: string[]; nodeErrors: Record<string, unknown> } {
    for (const [id, node] of Object.entries(prompt)) {
      const title = node?._meta?.title;
      if (!node || typeof node !== 'object' || !node.class_type) {
        throw new HttpError(400, {
          error: {
            type: 'missing_node_type',
            message: `Node '${title ?? `ID #${id}`}' has no class_type. The workflow may be corrupted or a custom node is missing.`,
            details: `Node ID '#${id}'`,
            extra_info: { node_id: id, class_type: null, node_title: title },
          },
          node_errors: {},
        });
      }
      if (!classes.has(node.class_type)) {
        throw new HttpError(400, {
          error: {
            type: 'missing_node_type',
            message: `Node '${title ?? node.class_type}' not found. The custom node may not be installed.`,
            details: `Node ID '#${id}'`,
            extra_info: { node_id: id, class_type: node.class_type, node_title: title ?? node.class_type },
          },
          node_errors: {},
        });
      }
    }
    const outputIds = Object.entries(prompt).filter(([, n]) => OUTPUT_NODES.has(n.class_type!)).map(([id]) => id);
    if (outputIds.length === 0) {
      throw new HttpError(400, { error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, node_errors: [] });
    }
    const nodeErrors: Record<string, { errors: unknown[]; dependent_outputs: string[]; class_type: string }> = {};
    for (const [id, node] of Object.entries(prompt)) {
      const errors: unknown[] = [];
      for (const [input, value] of Object.entries(node.inputs ?? {})) {
        if (isLink(value) && !prompt[value[0]]) {
          errors.push({ type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: input, extra_info: { input_name: input, received_value: value } });
        }
        const folder = MODEL_INPUTS[node.class_type!]?.[input];
        if (folder && typeof value === 'string' && !(models[folder] ?? []).includes(value)) {
          errors.push({
            type: 'value_not_in_list',
            message: 'Value not in list',
            details: `${input}: '${value}' not in ${JSON.stringify(models[folder] ?? [])}`,
            extra_info: { input_name: input, input_config: [models[folder] ?? []], received_value: value },
          });
        }
      }
      if (node.class_type === 'LoadImage') {
        const image = resolveValue(prompt, node.inputs?.image);
        if (typeof image !== 'string' || !uploads.has(image.includes('/') ? image : `/${image}`)) {
          errors.push({ type: 'custom_validation_failed', message: 'Custom validation failed for node', details: `image - Invalid image file: ${String(image)}`, extra_info: {} });
        }
      }
      if (errors.length) nodeErrors[id] = { errors, dependent_outputs: outputIds, class_type: node.class_type! };
    }
    if (Object.keys(nodeErrors).length) {
      throw new HttpError(400, { error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} }, node_errors: nodeErrors });
    }
    return { outputs: outputIds, nodeErrors: {} };
  }

  // ---- execution -----------------------------------------------------------------------------

  /** Nodes in the order the executor would run them (inputs before the node that needs them). */
  function order(prompt: Record<string, ApiNode>, outputIds: string[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    const visit = (id: string) => {
      if (seen.has(id) || !prompt[id]) return;
      seen.add(id);
      for (const value of Object.values(prompt[id]!.inputs ?? {})) if (isLink(value)) visit(value[0]);
      out.push(id);
    };
    outputIds.forEach(visit);
    return out;
  }

  /** What the graph renders: size from the latent node, frames and rate, as the nodes would. */
  function renderSpec(prompt: Record<string, ApiNode>): { width: number; height: number; frames: number; fps: number } {
    const nodes = Object.values(prompt);
    const num = (node: ApiNode | undefined, input: string, fallback: number) => {
      const v = resolveValue(prompt, node?.inputs?.[input]);
      return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
    };
    const find = (...types: string[]) => nodes.find((n) => types.includes(n.class_type ?? ''));
    const ltx = find('EmptyLTXVLatentVideo', 'LTXVImgToVideo');
    const wan = find('WanImageToVideo', 'EmptyHunyuanLatentVideo', 'Wan22ImageToVideoLatent');
    const still = find('EmptySD3LatentImage', 'EmptyLatentImage');
    const video = find('CreateVideo');
    if (ltx) {
      // The LTX latent is width//32 x height//32 and ((length-1)//8)+1 frames: the node floors.
      const frames = (Math.floor((num(ltx, 'length', 97) - 1) / 8)) * 8 + 1;
      return { width: Math.floor(num(ltx, 'width', 768) / 32) * 32, height: Math.floor(num(ltx, 'height', 512) / 32) * 32, frames, fps: num(video, 'fps', 25) };
    }
    if (wan) {
      const frames = (Math.floor((num(wan, 'length', 81) - 1) / 4)) * 4 + 1;
      return { width: Math.floor(num(wan, 'width', 832) / 16) * 16, height: Math.floor(num(wan, 'height', 480) / 16) * 16, frames, fps: num(video, 'fps', 16) };
    }
    return { width: Math.floor(num(still, 'width', 1024) / 8) * 8, height: Math.floor(num(still, 'height', 1024) / 8) * 8, frames: 1, fps: 1 };
  }

  function savedName(prefix: string, extension: string): { filename: string; subfolder: string } {
    const slash = prefix.lastIndexOf('/');
    const subfolder = slash >= 0 ? prefix.slice(0, slash) : '';
    const base = slash >= 0 ? prefix.slice(slash + 1) : prefix;
    const counter = (outputCounters.get(prefix) ?? 0) + 1;
    outputCounters.set(prefix, counter);
    return { filename: `${base}_${String(counter).padStart(5, '0')}_.${extension}`, subfolder };
  }

  async function produce(prompt: Record<string, ApiNode>, node: ApiNode): Promise<Record<string, unknown>> {
    const spec = renderSpec(prompt);
    const prefix = String(resolveValue(prompt, node.inputs?.filename_prefix) ?? 'ComfyUI');
    if (node.class_type === 'SaveVideo') {
      const file = await contractClip({ width: spec.width, height: spec.height, seconds: Math.round((spec.frames / spec.fps) * 1000) / 1000, fps: options.clipFps ?? 12 });
      const { filename, subfolder } = savedName(prefix, 'mp4');
      outputs.set(`output/${subfolder}/${filename}`, { data: await fs.readFile(file), type: 'video/mp4' });
      // PreviewVideo.as_dict(): the file under `images`, flagged animated.
      return { images: [{ filename, subfolder, type: 'output' }], animated: [true] };
    }
    const type = node.class_type === 'PreviewImage' ? 'temp' : 'output';
    const data = await sharp({ create: { width: spec.width, height: spec.height, channels: 3, background: '#446688' } }).png().toBuffer();
    const { filename, subfolder } = savedName(node.class_type === 'PreviewImage' ? 'ComfyUI_temp' : prefix, 'png');
    outputs.set(`${type}/${subfolder}/${filename}`, { data, type: 'image/png' });
    return { images: [{ filename, subfolder, type }] };
  }

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });

  async function execute(item: QueueItem, abort: AbortController, myEpoch: number): Promise<void> {
    const [, promptId, prompt, extraData, outputIds] = item;
    const sid = typeof extraData.client_id === 'string' ? extraData.client_id : undefined;
    const messages: Message[] = [];
    const meta: HistoryEntry['meta'] = {};
    const ui: HistoryEntry['outputs'] = {};
    const executed: string[] = [];
    // PromptExecutor.add_message: every message gets a ms timestamp and is kept for the history.
    const message = (type: string, data: Record<string, unknown>, keep = true) => {
      const stamped = keep ? { ...data, timestamp: Date.now() } : data;
      if (keep) messages.push([type, stamped]);
      send(sid, type, stamped);
    };
    const finish = (status: 'success' | 'error') => {
      if (myEpoch !== epoch) return; // restarted meanwhile: nothing survives
      history.set(promptId, { prompt: item, outputs: ui, status: { status_str: status, completed: status === 'success', messages }, meta });
    };
    message('execution_start', { prompt_id: promptId });
    message('execution_cached', { nodes: [], prompt_id: promptId });
    const ids = order(prompt, outputIds);
    const samplerIds = ids.filter((id) => SAMPLERS.has(prompt[id]!.class_type!));
    const perSampler = renderMs / Math.max(1, samplerIds.length);
    const failure = comfyFaults.find((f) => f.kind === 'oom' || f.kind === 'execution-error') as Extract<ComfyFault, { kind: 'oom' | 'execution-error' }> | undefined;
    for (const id of ids) {
      const node = prompt[id]!;
      if (running) running.node = id;
      send(sid, 'executing', { node: id, display_node: id, prompt_id: promptId });
      if (SAMPLERS.has(node.class_type!)) {
        if (failure) {
          const oom = failure.kind === 'oom';
          message('execution_error', {
            prompt_id: promptId,
            node_id: id,
            node_type: node.class_type,
            executed: [...executed],
            exception_message: oom
              ? 'Allocation on device 0 would exceed allowed memory. (out of memory)\nCurrently allocated     : 22.10 GiB\nRequested               : 3.52 GiB\nThis error means you ran out of memory on your GPU.\n\nTIPS: If the workflow worked before you might have accidentally set the batch_size to a large number.'
              : failure.message,
            exception_type: oom ? 'torch.OutOfMemoryError' : failure.exceptionType,
            traceback: ['  File "execution.py", line 496, in execute\n'],
            current_inputs: {},
            current_outputs: {},
          });
          finish('error');
          return;
        }
        for (let step = 1; step <= steps; step++) {
          await sleep(perSampler / steps, abort.signal);
          if (abort.signal.aborted) break;
          send(sid, 'progress', { value: step, max: steps, prompt_id: promptId, node: id });
        }
      } else {
        await new Promise((r) => setImmediate(r));
      }
      if (abort.signal.aborted) {
        if (myEpoch !== epoch) return;
        message('execution_interrupted', { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [...executed] });
        finish('error');
        return;
      }
      if (OUTPUT_NODES.has(node.class_type!)) {
        const output = await produce(prompt, node);
        ui[id] = output;
        meta[id] = { node_id: id, display_node: id, parent_node: null, real_node_id: id };
        send(sid, 'executed', { node: id, display_node: id, output, prompt_id: promptId });
      }
      executed.push(id);
    }
    send(sid, 'executing', { node: null, prompt_id: promptId });
    message('execution_success', { prompt_id: promptId });
    finish('success');
  }

  /** The executor loop: one prompt at a time, lowest number first. */
  function kick(): void {
    worker = worker.then(async () => {
      while (!running && pending.length > 0) {
        pending.sort((a, b) => a[0] - b[0]);
        const item = pending.shift()!;
        const abort = new AbortController();
        running = { item, abort, node: null };
        broadcastStatus();
        const myEpoch = epoch;
        try {
          await execute(item, abort, myEpoch);
        } finally {
          if (myEpoch === epoch) running = null;
          broadcastStatus();
        }
      }
    });
  }

  // ---- routes --------------------------------------------------------------------------------

  function json(record: RecordedRequest, body: Buffer): Record<string, unknown> {
    try {
      const value = JSON.parse(body.toString('utf8') || '{}') as unknown;
      record.json = value;
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      // aiohttp's request.json() raises; ComfyUI answers with its generic 500.
      throw new HttpError(500, '500 Internal Server Error\n\nServer got itself in trouble');
    }
  }

  async function postPrompt(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, body: Buffer): Promise<void> {
    const data = json(record, body);
    const prompt = data.prompt;
    if (!prompt || typeof prompt !== 'object' || Array.isArray(prompt)) {
      throw new HttpError(400, { error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} }, node_errors: {} });
    }
    const graph = prompt as Record<string, ApiNode>;
    const { outputs: outputIds, nodeErrors } = validate(graph);
    const promptId = honoursPromptId && data.prompt_id !== undefined ? String(data.prompt_id) : crypto.randomUUID();
    const extraData: Record<string, unknown> = { ...((data.extra_data as Record<string, unknown> | undefined) ?? {}) };
    if (typeof data.client_id === 'string') extraData.client_id = data.client_id;
    number += 1;
    const position = data.front ? -number : number;
    pending.push([position, promptId, graph, extraData, outputIds]);
    prompts.push({ promptId, number: position, clientId: data.client_id as string | undefined, prompt: graph, extraData, acceptedAt: Date.now() });
    broadcastStatus();
    kick();
    const drop = comfyFaults.findIndex((f) => f.kind === 'accept-then-drop');
    if (drop >= 0) {
      const fault = comfyFaults.splice(drop, 1)[0] as Extract<ComfyFault, { kind: 'accept-then-drop' }>;
      if (fault.mode === 'reset') {
        req.socket.destroy();
        return;
      }
      throw new HttpError(500, '500 Internal Server Error\n\nServer got itself in trouble');
    }
    sendJson(res, 200, { prompt_id: promptId, number: position, node_errors: nodeErrors });
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, body: Buffer): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) throw new HttpError(400, '400: Bad Request');
    const form = await new Request('http://contract.invalid/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
    const fields: Record<string, string> = {};
    let image: File | null = null;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'image') image = value;
    }
    record.fields = fields;
    if (!image || !image.name) throw new HttpError(400, '400: Bad Request');
    const bytes = Buffer.from(await image.arrayBuffer());
    record.images = [{ field: 'image', filename: image.name, type: image.type, bytes: bytes.length, ...(await imageInfo(bytes)) }];
    const subfolder = fields.subfolder ?? '';
    if (subfolder.includes('..') || image.name.includes('/') || image.name.includes('..')) throw new HttpError(400, '400: Bad Request');
    let name = image.name;
    const overwrite = fields.overwrite === 'true' || fields.overwrite === '1';
    if (!overwrite) {
      // Without overwrite a clash is renamed `name (1).ext`, unless the bytes are the same.
      const dot = name.lastIndexOf('.');
      for (let i = 1; uploads.has(`${subfolder}/${name}`) && !uploads.get(`${subfolder}/${name}`)!.equals(bytes); i++) {
        name = dot > 0 ? `${image.name.slice(0, dot)} (${i})${image.name.slice(dot)}` : `${image.name} (${i})`;
      }
    }
    uploads.set(`${subfolder}/${name}`, bytes);
    sendJson(res, 200, { name, subfolder, type: fields.type || 'input' });
  }

  function interrupt(record: RecordedRequest, body: Buffer): void {
    const data = body.length ? json(record, body) : {};
    const target = typeof data.prompt_id === 'string' ? data.prompt_id : null;
    if (running && (target === null || running.item[1] === target)) running.abort.abort();
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const method = req.method ?? 'GET';
    const pathname = url.pathname.startsWith('/api/') ? url.pathname.slice(4) : url.pathname;
    const parts = pathname.split('/').filter(Boolean);
    const routeName: ComfyRoute | undefined =
      parts[0] === 'prompt' ? 'prompt'
        : parts[0] === 'queue' ? 'queue'
          : parts[0] === 'history' ? 'history'
            : parts[0] === 'view' ? 'view'
              : parts[0] === 'upload' && parts[1] === 'image' ? 'upload'
                : parts[0] === 'interrupt' ? 'interrupt'
                  : parts[0] === 'object_info' ? 'object_info'
                    : undefined;
    if (!routeName) throw new HttpError(404, '404: Not Found');

    const fault = faults.take('status', routeName);
    if (fault) {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      throw new HttpError(fault.status, fault.message ?? (fault.status === 429 ? '429: Too Many Requests' : `${fault.status}: Internal Server Error`), headers);
    }

    if (routeName === 'prompt' && method === 'POST') return postPrompt(req, res, record, body);
    if (routeName === 'prompt' && method === 'GET') return sendJson(res, 200, queueInfo());
    if (routeName === 'queue' && method === 'GET') {
      return sendJson(res, 200, { queue_running: running ? [running.item] : [], queue_pending: [...pending].sort((a, b) => a[0] - b[0]) });
    }
    if (routeName === 'queue' && method === 'POST') {
      const data = json(record, body);
      if (data.clear) pending = [];
      if (Array.isArray(data.delete)) pending = pending.filter((item) => !(data.delete as unknown[]).includes(item[1]));
      broadcastStatus();
      res.writeHead(200).end();
      return;
    }
    if (routeName === 'history' && method === 'GET') {
      if (faults.has('expired')) return sendJson(res, 200, {});
      const id = parts[1];
      if (id) return sendJson(res, 200, history.has(id) ? { [id]: history.get(id) } : {});
      const max = Number(url.searchParams.get('max_items') ?? Number.NaN);
      const entries = [...history.entries()];
      return sendJson(res, 200, Object.fromEntries(Number.isFinite(max) ? entries.slice(-max) : entries));
    }
    if (routeName === 'history' && method === 'POST') {
      const data = json(record, body);
      if (data.clear) history = new Map();
      if (Array.isArray(data.delete)) for (const id of data.delete) history.delete(String(id));
      res.writeHead(200).end();
      return;
    }
    if (routeName === 'interrupt' && method === 'POST') {
      interrupt(record, body);
      res.writeHead(200).end();
      return;
    }
    if (routeName === 'upload' && method === 'POST') return upload(req, res, record, body);
    if (routeName === 'view' && method === 'GET') {
      const filename = url.searchParams.get('filename');
      if (!filename || filename.startsWith('/') || filename.includes('..')) throw new HttpError(400, '400: Bad Request');
      const type = url.searchParams.get('type') ?? 'output';
      const file = faults.has('expired') ? undefined : outputs.get(`${type}/${url.searchParams.get('subfolder') ?? ''}/${filename}`);
      if (!file) throw new HttpError(404, '404: Not Found');
      return sendBytes(res, file.data, file.type, faults.take('cut-download') !== undefined);
    }
    if (routeName === 'object_info' && method === 'GET') {
      const cls = parts[1] ? decodeURIComponent(parts[1]) : undefined;
      const info = (c: string) => ({ input: { required: {} }, output: [], name: c, display_name: c, category: 'core', output_node: OUTPUT_NODES.has(c) });
      if (cls) return sendJson(res, 200, classes.has(cls) ? { [cls]: info(cls) } : {});
      return sendJson(res, 200, Object.fromEntries([...classes].map((c) => [c, info(c)])));
    }
    throw new HttpError(405, '405: Method Not Allowed');
  }

  /** A reverse proxy's Basic auth (ComfyUI itself has none). */
  function authorised(req: http.IncomingMessage): boolean {
    if (!options.basicAuth) return true;
    return req.headers.authorization === `Basic ${Buffer.from(options.basicAuth).toString('base64')}`;
  }

  /** server.py create_origin_only_middleware: a loopback Host with another Origin is refused. */
  function originRefused(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (!origin || !host) return false;
    try {
      const hostName = new URL(`http://${host}`).hostname;
      const loopback = hostName === 'localhost' || hostName === '127.0.0.1' || hostName === '[::1]';
      return loopback && new URL(origin).host !== host;
    } catch {
      return false;
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: flatHeaders(req) };
    requests.push(record);
    readBody(req)
      .then(async (body) => {
        if (!authorised(req)) throw new HttpError(401, '401 Authorization Required', { 'www-authenticate': 'Basic realm="comfyui"' });
        if (originRefused(req)) throw new HttpError(403, '');
        await route(req, res, record, body);
      })
      .catch((error: unknown) => {
        if (res.headersSent || req.socket.destroyed) {
          req.socket.destroy();
          return;
        }
        const failure = error instanceof HttpError ? error : new HttpError(500, `500 Internal Server Error\n\n${(error as Error).message}`);
        if (typeof failure.body === 'string') {
          res.writeHead(failure.status, { 'content-type': 'text/plain; charset=utf-8', ...failure.headers });
          res.end(failure.body);
        } else {
          sendJson(res, failure.status, failure.body, failure.headers);
        }
      })
      .finally(() => {
        record.status = res.statusCode;
      });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const pathname = url.pathname.startsWith('/api/') ? url.pathname.slice(4) : url.pathname;
    requests.push({ method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: flatHeaders(req), status: 101 });
    if (pathname !== '/ws' || options.websocket === false || !authorised(req)) {
      socket.end(`HTTP/1.1 ${options.websocket === false || pathname !== '/ws' ? '404 Not Found' : '401 Unauthorized'}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Reusing a client id replaces the older socket, as server.py does.
      const sid = url.searchParams.get('clientId') || crypto.randomUUID().replace(/-/g, '');
      sockets.get(sid)?.close();
      sockets.set(sid, ws);
      socketClients.push(sid);
      ws.on('close', () => {
        if (sockets.get(sid) === ws) sockets.delete(sid);
      });
      ws.send(JSON.stringify({ type: 'status', data: { status: queueInfo(), sid } }));
      // On reconnect, the client whose prompt is running hears which node is executing.
      if (running && running.item[3].client_id === sid && running.node) {
        ws.send(JSON.stringify({ type: 'executing', data: { node: running.node, display_node: running.node, prompt_id: running.item[1] } }));
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));

  return {
    baseUrl: baseOf(server),
    requests,
    prompts,
    socketClients,
    uploads,
    setFault(fault) {
      if (fault.kind === 'accept-then-drop' || fault.kind === 'oom' || fault.kind === 'execution-error') comfyFaults.push(fault);
      else faults.add(fault);
    },
    clearFaults() {
      faults.clear();
      comfyFaults.length = 0;
    },
    restart() {
      epoch += 1;
      running?.abort.abort();
      running = null;
      pending = [];
      history = new Map();
      outputs.clear();
      for (const ws of sockets.values()) ws.terminate();
      sockets.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        epoch += 1;
        running?.abort.abort();
        pending = [];
        for (const ws of sockets.values()) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// CLI: print the base URL and keep serving until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = cliFlags(process.argv.slice(2));
  startComfyContractServer({
    port: Number(flags.port ?? 0),
    ...(flags['render-ms'] ? { renderMs: Number(flags['render-ms']) } : {}),
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
  }).then(
    (server) => console.log(server.baseUrl),
    (error: unknown) => {
      console.error(`Could not start the ComfyUI contract server: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
