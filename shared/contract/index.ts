/**
 * The IPC contract: every call main answers and every event main pushes, declared once.
 * Main implements each call once (main/ipc/handlers); the Electron preload and the dev host
 * expose the same calls; the renderer talks to them through one typed client.
 *
 * To add a call: declare it in the module for its area (or a new module), spread that module
 * into `calls` below, and implement it in main; the compiler points at every place missing it.
 */
import type { z } from 'zod';
import type { CallSpec, EventSpec } from './define';
import { projectCalls } from './projects';
import { shotCalls } from './shots';
import { elementCalls } from './elements';
import { appCalls } from './app';
import { appEvents } from './events';
import { generationCalls } from './generation';
import { mediaCalls } from './media';
import { registryCalls } from './registry';
import { shotlistCalls } from './shotlist';
import { exportCalls } from './export';
import { referenceCalls } from './references';
import { editingCalls } from './editing';
import { settingsCalls } from './settings';
import { welcomeCalls } from './welcome';
import { generationPreviewCalls } from './generation-preview';
import { aboutCalls } from './about';
import { fileDialogCalls } from './file-dialogs';
import { mediaSweepCalls } from './media-sweep';
import { editCalls } from './edits';
import { stillCalls } from './stills';
import { sceneCalls } from './scenes';

export const calls = {
  ...appCalls,
  ...projectCalls,
  ...shotCalls,
  ...elementCalls,
  ...generationCalls,
  ...mediaCalls,
  ...registryCalls,
  ...shotlistCalls,
  ...exportCalls,
  ...referenceCalls,
  ...editingCalls,
  ...settingsCalls,
  ...welcomeCalls,
  ...generationPreviewCalls,
  ...aboutCalls,
  ...fileDialogCalls,
  ...mediaSweepCalls,
  ...editCalls,
  ...stillCalls,
  ...sceneCalls,
} as const;

export const events = {
  ...appEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller passes (before defaults are applied). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives (validated, defaults applied). */
export type CallParsed<N extends CallName> = z.output<Calls[N]['input']>;
export type CallResult<N extends CallName> = Calls[N] extends CallSpec<z.ZodType, infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

/** True when `name` is a call of the contract (used at the host's door before anything else). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/**
 * The one client the renderer uses. The Electron preload and the dev host's HTTP client both
 * implement it, so the renderer never knows which host it runs on.
 */
export interface ContractClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type { CallSpec, EventSpec, Envelope, ContractError, ContractErrorCode } from './define';
export type { ProjectSnapshot, RecentProject } from './projects';
