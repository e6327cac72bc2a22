/**
 * What a new shot and a new take are made of, written once: the store, the shot-list import,
 * the take ingest and the test doubles all build records here, so a field added to Shot or Take
 * gets its default in one place. Ids, order keys and times come from the caller (main makes
 * UUIDs and fractional keys; tests make predictable ones).
 */
import type { GenerationRequest, Project, Scene, Shot, SizeString, Take, TakeFiles } from './domain';

/** A shot's editable fields a caller may set on creation (a size as validated text is fine). */
export type NewShotFields = Partial<Omit<Shot, 'id' | 'orderKey' | 'updatedAt' | 'size' | 'sceneId' | 'number'>> & { size?: string };

/** The default length of a new shot, in seconds. */
export const DEFAULT_SHOT_SECONDS = 4;

/** A complete new shot: the project's default provider, model and frame size, then `fields`. */
export function newShot(
  project: Pick<Project, 'defaultProvider' | 'defaultModel' | 'format'>,
  made: { id: string; orderKey: string; now: string; sceneId: string; number: string },
  fields: NewShotFields = {},
): Shot {
  const defaults: Shot = {
    id: made.id,
    sceneId: made.sceneId,
    orderKey: made.orderKey,
    number: made.number,
    title: '',
    prompt: '',
    cameraMove: '',
    shotType: '',
    dialogue: '',
    soundNotes: '',
    avoid: '',
    audio: null,
    seconds: DEFAULT_SHOT_SECONDS,
    provider: project.defaultProvider,
    model: project.defaultModel,
    size: `${project.format.width}x${project.format.height}` as SizeString,
    references: [],
    endFrame: null,
    continuePrevious: false,
    selectedTakeId: null,
    trimIn: 0,
    trimOut: null,
    transition: { kind: 'cut', seconds: 0 },
    notes: '',
    updatedAt: made.now,
  };
  // What the caller made wins over fields that slipped in from a copied record.
  return { ...defaults, ...definedOnly(fields), id: made.id, sceneId: made.sceneId, orderKey: made.orderKey, number: made.number } as Shot;
}

/** The colours a scene band may have (a small fixed palette that reads on the dark timeline). */
export const SCENE_COLORS = ['#d9534f', '#f0ad4e', '#e6d450', '#5cb85c', '#2bb3a5', '#4a90d9', '#8e6fd1', '#d96fb4'] as const;

/** A scene's fields a caller may set on creation. */
export type NewSceneFields = Partial<Pick<Scene, 'heading' | 'synopsis' | 'color' | 'collapsed'>>;

/** A complete new scene (number and order key from the caller). */
export function newScene(made: { id: string; orderKey: string; number: string; now: string }, fields: NewSceneFields = {}): Scene {
  const defaults: Scene = { id: made.id, orderKey: made.orderKey, number: made.number, heading: '', synopsis: '', color: null, collapsed: false, updatedAt: made.now };
  return { ...defaults, ...definedOnly(fields) };
}

/** What a new take needs to be told; the rest has defaults. */
export interface NewTakeFields {
  id: string;
  shotId: string;
  request: GenerationRequest;
  requestHash: string;
  files: Pick<TakeFiles, 'original'> & Partial<TakeFiles>;
  now: string;
  parentTakeId?: string | null;
  remoteId?: string | null;
  costUsd?: number;
  durationSeconds?: number | null;
  status?: Take['status'];
}

/** A complete take record: provider, model, size, length and prompt come from its request. */
export function newTake(fields: NewTakeFields): Take {
  return {
    id: fields.id,
    shotId: fields.shotId,
    parentTakeId: fields.parentTakeId ?? null,
    provider: fields.request.provider,
    model: fields.request.model,
    size: fields.request.size,
    seconds: fields.request.seconds,
    composedPrompt: fields.request.prompt,
    request: fields.request,
    requestHash: fields.requestHash,
    remoteId: fields.remoteId ?? null,
    status: fields.status ?? 'ready',
    costUsd: fields.costUsd ?? 0,
    durationSeconds: fields.durationSeconds ?? null,
    files: { original: fields.files.original, normalised: fields.files.normalised ?? null, poster: fields.files.poster ?? null, filmstrip: fields.files.filmstrip ?? null },
    createdAt: fields.now,
  };
}

/** Drops keys whose value is undefined, so a patch never erases a field it does not mention. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
