/**
 * Row <-> domain mapping: the one place where SQLite's snake_case rows and JSON columns become
 * the typed objects the rest of the code trusts (and back).
 */
import type { ConsentRecord, Element, Project, ReferenceImage, Shot, SizeString } from '../../shared/domain';

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

export interface ShotRow {
  id: string;
  order_key: string;
  title: string;
  prompt: string;
  camera_move: string;
  shot_type: string;
  dialogue: string;
  sound_notes: string;
  seconds: number;
  provider: string;
  model: string;
  size: string;
  references_json: string;
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
    orderKey: r.order_key,
    title: r.title,
    prompt: r.prompt,
    cameraMove: r.camera_move,
    shotType: r.shot_type,
    dialogue: r.dialogue,
    soundNotes: r.sound_notes,
    seconds: r.seconds,
    provider: r.provider,
    model: r.model,
    size: r.size as SizeString,
    references: JSON.parse(r.references_json) as ReferenceImage[],
    continuePrevious: r.continue_previous === 1,
    selectedTakeId: r.selected_take_id,
    trimIn: r.trim_in,
    trimOut: r.trim_out,
    transition: { kind: r.transition_kind, seconds: r.transition_seconds },
    updatedAt: r.updated_at,
  };
}

export function shotToRow(s: Shot): ShotRow {
  return {
    id: s.id,
    order_key: s.orderKey,
    title: s.title,
    prompt: s.prompt,
    camera_move: s.cameraMove,
    shot_type: s.shotType,
    dialogue: s.dialogue,
    sound_notes: s.soundNotes,
    seconds: s.seconds,
    provider: s.provider,
    model: s.model,
    size: s.size,
    references_json: JSON.stringify(s.references),
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
