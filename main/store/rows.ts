/**
 * Row <-> domain mapping: the one place where SQLite's snake_case rows and JSON columns become
 * the typed objects the rest of the code trusts (and back).
 */
import type {
  ConsentRecord,
  Element,
  GenerationRequest,
  Job,
  JobKind,
  JobStatus,
  Project,
  ReferenceImage,
  Scene,
  Shot,
  SizeString,
  Take,
  TakeStatus,
} from '../../shared/domain';
import { DEFAULT_FRAME_RATE } from '../../shared/frame-rate';

export interface ProjectRow {
  id: string;
  name: string;
  width: number;
  height: number;
  fps_num: number;
  fps_den: number;
  style: string;
  budget_usd: number | null;
  default_provider: string;
  default_model: string;
  created_at: string;
}

export function projectFromRow(r: ProjectRow): Project {
  return {
    id: r.id,
    name: r.name,
    format: { width: r.width, height: r.height, fps: { num: r.fps_num, den: r.fps_den }, audio: { sampleRate: 48000, channels: 2 } },
    style: r.style,
    budgetUsd: r.budget_usd,
    defaultProvider: r.default_provider,
    defaultModel: r.default_model,
    createdAt: r.created_at,
  };
}

export interface SceneRow {
  id: string;
  order_key: string;
  number: string;
  heading: string;
  synopsis: string;
  color: string | null;
  collapsed: number;
  updated_at: string;
}

export function sceneFromRow(r: SceneRow): Scene {
  return {
    id: r.id,
    orderKey: r.order_key,
    number: r.number,
    heading: r.heading,
    synopsis: r.synopsis,
    color: r.color,
    collapsed: r.collapsed === 1,
    updatedAt: r.updated_at,
  };
}

export function sceneToRow(s: Scene): SceneRow {
  return {
    id: s.id,
    order_key: s.orderKey,
    number: s.number,
    heading: s.heading,
    synopsis: s.synopsis,
    color: s.color,
    collapsed: s.collapsed ? 1 : 0,
    updated_at: s.updatedAt,
  };
}

export interface ShotRow {
  id: string;
  /** Migration 9 (set on every shot the app writes). */
  scene_id: string | null;
  order_key: string;
  /** Migration 9. */
  number: string;
  /** Migration 9. */
  notes: string;
  title: string;
  prompt: string;
  camera_move: string;
  shot_type: string;
  dialogue: string;
  sound_notes: string;
  /** Migration 8. */
  avoid: string;
  /** 1 on, 0 off, null the model's default (migration 8). */
  audio: number | null;
  seconds: number;
  provider: string;
  model: string;
  size: string;
  references_json: string;
  /** A ReferenceImage as JSON, or null (migration 7). */
  end_frame_json: string | null;
  continue_previous: number;
  selected_take_id: string | null;
  trim_in: number;
  trim_out: number | null;
  transition_kind: 'cut' | 'dissolve' | 'dip';
  transition_seconds: number;
  updated_at: string;
}

export function shotFromRow(r: ShotRow): Shot {
  return {
    id: r.id,
    sceneId: r.scene_id ?? '',
    orderKey: r.order_key,
    number: r.number,
    title: r.title,
    prompt: r.prompt,
    cameraMove: r.camera_move,
    shotType: r.shot_type,
    dialogue: r.dialogue,
    soundNotes: r.sound_notes,
    avoid: r.avoid,
    audio: r.audio === null ? null : r.audio === 1,
    seconds: r.seconds,
    provider: r.provider,
    model: r.model,
    size: r.size as SizeString,
    references: JSON.parse(r.references_json) as ReferenceImage[],
    endFrame: r.end_frame_json ? (JSON.parse(r.end_frame_json) as ReferenceImage) : null,
    continuePrevious: r.continue_previous === 1,
    selectedTakeId: r.selected_take_id,
    trimIn: r.trim_in,
    trimOut: r.trim_out,
    transition: { kind: r.transition_kind, seconds: r.transition_seconds },
    notes: r.notes,
    updatedAt: r.updated_at,
  };
}

export function shotToRow(s: Shot): ShotRow {
  return {
    id: s.id,
    scene_id: s.sceneId,
    order_key: s.orderKey,
    number: s.number,
    notes: s.notes,
    title: s.title,
    prompt: s.prompt,
    camera_move: s.cameraMove,
    shot_type: s.shotType,
    dialogue: s.dialogue,
    sound_notes: s.soundNotes,
    avoid: s.avoid,
    audio: s.audio === null ? null : s.audio ? 1 : 0,
    seconds: s.seconds,
    provider: s.provider,
    model: s.model,
    size: s.size,
    references_json: JSON.stringify(s.references),
    end_frame_json: s.endFrame ? JSON.stringify(s.endFrame) : null,
    continue_previous: s.continuePrevious ? 1 : 0,
    selected_take_id: s.selectedTakeId,
    trim_in: s.trimIn,
    trim_out: s.trimOut,
    transition_kind: s.transition.kind,
    transition_seconds: s.transition.seconds,
    updated_at: s.updatedAt,
  };
}

export interface ElementRow {
  id: string;
  kind: Element['kind'];
  name: string;
  description: string;
  images_json: string;
  real_person: number;
  consent_json: string | null;
}

export function elementFromRow(r: ElementRow): Element {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    description: r.description,
    images: JSON.parse(r.images_json) as ReferenceImage[],
    realPerson: r.real_person === 1,
    consent: r.consent_json ? (JSON.parse(r.consent_json) as ConsentRecord) : null,
  };
}

export function elementToRow(e: Element): ElementRow {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    description: e.description,
    images_json: JSON.stringify(e.images),
    real_person: e.realPerson ? 1 : 0,
    consent_json: e.consent ? JSON.stringify(e.consent) : null,
  };
}

export interface TakeRow {
  id: string;
  shot_id: string;
  parent_take_id: string | null;
  provider: string;
  model: string;
  size: string;
  seconds: number;
  composed_prompt: string;
  request_json: string;
  request_hash: string;
  remote_id: string | null;
  status: TakeStatus;
  cost_usd: number;
  duration_seconds: number | null;
  original_path: string;
  normalised_path: string | null;
  poster_path: string | null;
  filmstrip_path: string | null;
  created_at: string;
}

/**
 * A stored request. Requests written before frame rates were fractions hold `fps` as a whole
 * number; they are read as the exact rate (the boundary where old rows are normalised).
 */
export function requestFromJson(json: string): GenerationRequest {
  const request = JSON.parse(json) as Omit<GenerationRequest, 'fps'> & { fps: GenerationRequest['fps'] | number };
  return { ...request, fps: typeof request.fps === 'number' ? { num: request.fps, den: 1 } : request.fps };
}

/**
 * A take's request. Takes imported before requests were typed stored only `{ importedFrom }`:
 * the rest is read from the take's own columns.
 */
function takeRequest(r: TakeRow): GenerationRequest {
  const stored = JSON.parse(r.request_json) as Partial<GenerationRequest>;
  if (stored.provider !== undefined) return requestFromJson(r.request_json);
  return { provider: r.provider, model: r.model, prompt: r.composed_prompt, seconds: r.seconds, size: r.size as SizeString, fps: DEFAULT_FRAME_RATE, ...stored };
}

export function takeFromRow(r: TakeRow): Take {
  return {
    id: r.id,
    shotId: r.shot_id,
    parentTakeId: r.parent_take_id,
    provider: r.provider,
    model: r.model,
    size: r.size as SizeString,
    seconds: r.seconds,
    composedPrompt: r.composed_prompt,
    request: takeRequest(r),
    requestHash: r.request_hash,
    remoteId: r.remote_id,
    status: r.status,
    costUsd: r.cost_usd,
    durationSeconds: r.duration_seconds,
    files: { original: r.original_path, normalised: r.normalised_path, poster: r.poster_path, filmstrip: r.filmstrip_path },
    createdAt: r.created_at,
  };
}

export function takeToRow(t: Take): TakeRow {
  return {
    id: t.id,
    shot_id: t.shotId,
    parent_take_id: t.parentTakeId,
    provider: t.provider,
    model: t.model,
    size: t.size,
    seconds: t.seconds,
    composed_prompt: t.composedPrompt,
    request_json: JSON.stringify(t.request),
    request_hash: t.requestHash,
    remote_id: t.remoteId,
    status: t.status,
    cost_usd: t.costUsd,
    duration_seconds: t.durationSeconds,
    original_path: t.files.original,
    normalised_path: t.files.normalised,
    poster_path: t.files.poster,
    filmstrip_path: t.files.filmstrip,
    created_at: t.createdAt,
  };
}

export interface JobRow {
  id: string;
  kind: JobKind;
  shot_id: string | null;
  element_id: string | null;
  provider: string;
  model: string;
  status: JobStatus;
  progress: number;
  remote_id: string | null;
  take_id: string | null;
  parent_take_id: string | null;
  request_json: string;
  request_hash: string;
  estimate_usd: number;
  attempts: number;
  message: string;
  created_at: string;
  updated_at: string;
  waiting_for: string | null;
  start_json: string | null;
}

export function jobFromRow(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    shotId: r.shot_id,
    elementId: r.element_id,
    provider: r.provider,
    model: r.model,
    status: r.status,
    progress: r.progress,
    remoteId: r.remote_id,
    takeId: r.take_id,
    parentTakeId: r.parent_take_id,
    estimateUsd: r.estimate_usd,
    attempts: r.attempts,
    message: r.message,
    waitingFor: r.waiting_for,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
