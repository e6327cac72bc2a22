/**
 * What re-importing an edited script changes in a project: a pure diff of the script's draft
 * against the project's scenes and shots, shown before it is applied and then applied as one
 * undoable edit (main/services/fountain-import.ts).
 *
 * - Scenes match by heading and number: the same heading and number first, then the same number
 *   (the heading was renamed), then the same heading (the scene was renumbered).
 * - Within a matched scene, shots match by text and position: the longest run of shots whose
 *   action is unchanged, in order, anchors the match; the shots between two anchors pair up by
 *   position (their text changed); what is left over is added or removed.
 * - A shot that has takes is never removed (it stays, and the plan says so), and a scene that
 *   still holds such a shot stays too. Changed shots keep every take and their selected take.
 */
import type { Transition } from '../domain';
import { shotTitle, type DraftScene, type DraftShot, type ScriptDraft } from './script-to-draft';

export interface ReimportScene {
  id: string;
  number: string;
  heading: string;
  synopsis: string;
}

export interface ReimportShot {
  id: string;
  sceneId: string;
  /** `4A`; '' where unknown. */
  number: string;
  title: string;
  prompt: string;
  dialogue: string;
  notes: string;
  transition: Transition;
  /** How many takes the shot has (a shot with takes is never removed). */
  takeCount: number;
}

/** The project as the plan sees it: scenes in order, shots in order. */
export interface ReimportProject {
  scenes: readonly ReimportScene[];
  shots: readonly ReimportShot[];
  /** Element names already in the project (lower case compare). */
  elementNames: readonly string[];
}

/** The fields a re-import writes on a shot it keeps. */
export interface ShotChanges {
  title?: string;
  prompt?: string;
  dialogue?: string;
  notes?: string;
  transition?: Transition;
}

export type PlannedShot =
  | { action: 'keep'; id: string; number: string }
  | { action: 'update'; id: string; number: string; changes: ShotChanges; hasTakes: boolean }
  | { action: 'add'; shot: DraftShot };

export interface PlannedScene {
  /** The matched scene, or null for a new one. */
  id: string | null;
  /** What the scene becomes. */
  number: string;
  heading: string;
  synopsis: string;
  /** For a matched scene: what changed about it (`heading`, `number`, `synopsis`). */
  changed: Array<'heading' | 'number' | 'synopsis'>;
  /** The heading before, for a renamed scene. */
  previousHeading: string | null;
  shots: PlannedShot[];
}

export interface RemovedShot {
  id: string;
  sceneId: string;
  number: string;
  prompt: string;
  /** True when the shot has takes: it is kept instead of removed. */
  kept: boolean;
}

export interface RemovedScene {
  id: string;
  number: string;
  heading: string;
  /** True when some of its shots have takes: the scene stays with them. */
  kept: boolean;
}

/** How many scenes and shots a re-import adds, changes and removes. */
export interface ReimportCounts {
  scenesAdded: number;
  scenesRemoved: number;
  scenesRenamed: number;
  shotsAdded: number;
  shotsChanged: number;
  shotsRemoved: number;
  /** Shots the script no longer has that stay because they have takes. */
  shotsKeptForTakes: number;
}

export interface ReimportPlan {
  /** The script's scenes in order, matched or new. */
  scenes: PlannedScene[];
  removedScenes: RemovedScene[];
  removedShots: RemovedShot[];
  /** Character elements the script needs that the project does not have. */
  newCharacters: string[];
  counts: ReimportCounts;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
const shotKey = (prompt: string, dialogue: string): string => norm(prompt) || `\u0000${norm(dialogue)}`;

/** Pairs draft scenes with project scenes (draft index -> project scene). */
function matchScenes(draft: readonly DraftScene[], scenes: readonly ReimportScene[]): Map<number, ReimportScene> {
  const out = new Map<number, ReimportScene>();
  const used = new Set<string>();
  const pass = (same: (d: DraftScene, s: ReimportScene) => boolean): void => {
    draft.forEach((d, i) => {
      if (out.has(i)) return;
      const hit = scenes.find((s) => !used.has(s.id) && same(d, s));
      if (hit) {
        out.set(i, hit);
        used.add(hit.id);
      }
    });
  };
  pass((d, s) => norm(d.heading) === norm(s.heading) && d.number === s.number);
  pass((d, s) => d.number === s.number);
  pass((d, s) => norm(d.heading) !== '' && norm(d.heading) === norm(s.heading));
  return out;
}

/** Longest common subsequence of two key lists, as index pairs in order. */
function lcs(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** What a re-import writes on a kept shot (nothing when the script says the same). */
function shotChanges(old: ReimportShot, next: DraftShot): ShotChanges {
  const changes: ShotChanges = {};
  if (old.prompt !== next.prompt) {
    changes.prompt = next.prompt;
    // A title the user wrote stays; one that was made from the old action follows the new one.
    if (old.title === shotTitle(old.prompt) && old.title !== next.title) changes.title = next.title;
  }
  if (old.dialogue !== next.dialogue) changes.dialogue = next.dialogue;
  // Notes typed in the app stay unless the script has notes of its own for the shot.
  if (next.notes && old.notes !== next.notes) changes.notes = next.notes;
  // The script says only the kind; a length set in the app stays while the kind is the same.
  if (old.transition.kind !== next.transition.kind) changes.transition = next.transition;
  return changes;
}

/** Plans the re-import of `draft` into the project. */
export function planReimport(draft: ScriptDraft, project: ReimportProject): ReimportPlan {
  const sceneMatch = matchScenes(draft.scenes, project.scenes);
  const matchedIds = new Set([...sceneMatch.values()].map((s) => s.id));
  const removedShots: RemovedShot[] = [];
  const removed = (shot: ReimportShot): void => {
    removedShots.push({ id: shot.id, sceneId: shot.sceneId, number: shot.number, prompt: shot.prompt, kept: shot.takeCount > 0 });
  };

  const scenes: PlannedScene[] = draft.scenes.map((d, i) => {
    const old = sceneMatch.get(i);
    if (!old) {
      return {
        id: null,
        number: d.number,
        heading: d.heading,
        synopsis: d.synopsis,
        changed: [],
        previousHeading: null,
        shots: d.shots.map((shot) => ({ action: 'add', shot })),
      };
    }
    const changed: PlannedScene['changed'] = [];
    if (old.heading !== d.heading) changed.push('heading');
    if (old.number !== d.number) changed.push('number');
    if (old.synopsis !== d.synopsis) changed.push('synopsis');
    const oldShots = project.shots.filter((s) => s.sceneId === old.id);
    const anchors = lcs(
      d.shots.map((s) => shotKey(s.prompt, s.dialogue)),
      oldShots.map((s) => shotKey(s.prompt, s.dialogue)),
    );
    const planned: PlannedShot[] = [];
    const plan = (oldShot: ReimportShot, next: DraftShot): void => {
      const changes = shotChanges(oldShot, next);
      planned.push(
        Object.keys(changes).length
          ? { action: 'update', id: oldShot.id, number: oldShot.number, changes, hasTakes: oldShot.takeCount > 0 }
          : { action: 'keep', id: oldShot.id, number: oldShot.number },
      );
    };
    // Walk the gaps between anchors (and after the last one), pairing by position.
    let di = 0;
    let oi = 0;
    for (const [da, oa] of [...anchors, [d.shots.length, oldShots.length] as [number, number]]) {
      while (di < da && oi < oa) plan(oldShots[oi++]!, d.shots[di++]!);
      while (di < da) planned.push({ action: 'add', shot: d.shots[di++]! });
      while (oi < oa) removed(oldShots[oi++]!);
      if (da < d.shots.length) plan(oldShots[oi++]!, d.shots[di++]!);
    }
    return { id: old.id, number: d.number, heading: d.heading, synopsis: d.synopsis, changed, previousHeading: changed.includes('heading') ? old.heading : null, shots: planned };
  });

  const removedScenes: RemovedScene[] = [];
  for (const scene of project.scenes) {
    if (matchedIds.has(scene.id)) continue;
    const shots = project.shots.filter((s) => s.sceneId === scene.id);
    shots.forEach(removed);
    removedScenes.push({ id: scene.id, number: scene.number, heading: scene.heading, kept: shots.some((s) => s.takeCount > 0) });
  }

  const have = new Set(project.elementNames.map((n) => n.toLowerCase()));
  const newCharacters = draft.characters.map((c) => c.name).filter((n) => !have.has(n.toLowerCase()));
  const all = scenes.flatMap((s) => s.shots);
  return {
    scenes,
    removedScenes,
    removedShots,
    newCharacters,
    counts: {
      scenesAdded: scenes.filter((s) => s.id === null).length,
      scenesRemoved: removedScenes.filter((s) => !s.kept).length,
      scenesRenamed: scenes.filter((s) => s.changed.includes('heading')).length,
      shotsAdded: all.filter((s) => s.action === 'add').length,
      shotsChanged: all.filter((s) => s.action === 'update').length,
      shotsRemoved: removedShots.filter((s) => !s.kept).length,
      shotsKeptForTakes: removedShots.filter((s) => s.kept).length,
    },
  };
}

const clip = (s: string, n = 50): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 3)}...` : one;
};

/** The plan as lines a person reads before applying it (the dialog and the CLI show these). */
export function describePlan(plan: ReimportPlan): string[] {
  const lines: string[] = [];
  for (const scene of plan.scenes) {
    const label = `Scene ${scene.number}${scene.heading ? ` ${scene.heading}` : ''}`;
    if (scene.id === null) lines.push(`+ ${label}: new scene with ${scene.shots.length} shot${scene.shots.length === 1 ? '' : 's'}`);
    else if (scene.changed.includes('heading')) lines.push(`~ ${label}: renamed from "${scene.previousHeading}"`);
    else if (scene.changed.length) lines.push(`~ ${label}: ${scene.changed.join(' and ')} changed`);
    if (scene.id === null) continue;
    for (const shot of scene.shots) {
      if (shot.action === 'add') lines.push(`  + new shot in scene ${scene.number}: ${clip(shot.shot.prompt || shot.shot.dialogue)}`);
      else if (shot.action === 'update') {
        lines.push(`  ~ shot ${shot.number || '?'}: ${Object.keys(shot.changes).join(', ')} changed${shot.hasTakes ? ' (its takes are kept)' : ''}`);
      }
    }
  }
  for (const shot of plan.removedShots) {
    lines.push(shot.kept ? `  ! shot ${shot.number || '?'} is no longer in the script but has takes: it is kept` : `  - shot ${shot.number || '?'} removed: ${clip(shot.prompt)}`);
  }
  for (const scene of plan.removedScenes) {
    lines.push(scene.kept ? `! Scene ${scene.number} ${scene.heading} is no longer in the script but holds shots with takes: it is kept with them` : `- Scene ${scene.number} ${scene.heading} removed`);
  }
  for (const name of plan.newCharacters) lines.push(`+ character @${name}`);
  if (!lines.length) lines.push('Nothing changes: the project already matches the script.');
  return lines;
}
