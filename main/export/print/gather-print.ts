/**
 * The one place the printed formats (the PDF storyboard and shot list, the CSV shot list) read
 * the project: each shot in sequence order as a `PrintShot` (shared/print/print-shots.ts) with
 * its stable number (`4A`), scene (the heading band goes on its first shot), texts, timing at the project's rate, status as the shot card says it, cost
 * from the spend ledger (as the Spend panel sums it) and the picture files to try.
 */
import type { Job, Shot, Take } from '../../../shared/domain';
import { plainNames } from '../../../shared/prompt/mentions';
import type { PrintPicture, PrintShot } from '../../../shared/print/print-shots';
import { sequenceTiming } from '../../../shared/sequence-math';
import { cardStatus } from '../../../shared/shot-status';
import type { ProjectStore } from '../../store/project-store';
import type { SequenceInput } from '../export-sequence';

/** Jobs read for the status column: far more than a project holds shots. */
const JOB_LIMIT = 100_000;

/** A job whose take can become the shot's clip (not a still frame, not an element's sheet). */
const makesClip = (job: Job) => job.shotId !== null && job.kind !== 'still' && job.kind !== 'sheet';

/** The newest ready still-frame take of a shot. */
function newestStill(takes: readonly Take[]): Take | null {
  for (let i = takes.length - 1; i >= 0; i--) {
    const take = takes[i]!;
    if (take.request.output === 'image' && take.status === 'ready' && take.files.poster) return take;
  }
  return null;
}

/**
 * The frame pictures of a shot, best first: the selected take's poster, the newest still frame,
 * the first reference image. (The printer falls back to the next when one cannot be read.)
 */
export function picturesOf(shot: Shot, selected: Take | null, takes: readonly Take[], resolve: (relative: string) => string): PrintPicture[] {
  const pictures: PrintPicture[] = [];
  if (selected && selected.status === 'ready' && selected.files.poster) pictures.push({ source: 'poster', file: resolve(selected.files.poster) });
  const still = newestStill(takes);
  if (still?.files.poster) pictures.push({ source: 'still', file: resolve(still.files.poster) });
  const reference = shot.references[0];
  if (reference) pictures.push({ source: 'reference', file: resolve(reference.path) });
  return pictures;
}

/** Every shot of the sequence as the printed formats show it. */
export function gatherPrintShots(store: ProjectStore, sequence: SequenceInput): PrintShot[] {
  const { shots } = sequence;
  const elements = store.elements.list();
  const selected = shots.map((shot) => sequence.takeOf(shot));
  const timing = sequenceTiming(
    shots.map((shot, i) => ({ ...shot, sourceSeconds: selected[i]?.status === 'ready' ? selected[i]!.durationSeconds : null })),
    sequence.format.fps,
  );
  const scenes = new Map(store.scenes.list().map((scene) => [scene.id, scene]));
  const costs = new Map(store.ledger.breakdownBy('shot').map((t) => [t.key, t]));
  // Newest first: the first clip job seen for a shot is its latest, as on the card.
  const latestJob = new Map<string, Job>();
  for (const job of store.jobs.list(JOB_LIMIT)) if (makesClip(job) && !latestJob.has(job.shotId!)) latestJob.set(job.shotId!, job);

  return shots.map((shot, i): PrintShot => {
    const take = selected[i] ?? null;
    const cost = costs.get(shot.id);
    const previous = i > 0 ? shots[i - 1]!.number || i : null;
    const status = cardStatus(latestJob.get(shot.id) ?? null, take !== null && take.status === 'ready', previous);
    const scene = scenes.get(shot.sceneId);
    return {
      label: shot.number || String(i + 1),
      title: shot.title,
      scene: scene ? { number: scene.number, heading: scene.heading, color: scene.color } : null,
      sceneStarts: scene !== undefined && (i === 0 || shots[i - 1]!.sceneId !== shot.sceneId),
      action: plainNames(shot.prompt, elements).trim(),
      dialogue: plainNames(shot.dialogue, elements).trim(),
      shotType: shot.shotType,
      cameraMove: shot.cameraMove,
      seconds: timing.shots[i]!.durationSeconds,
      timecodeIn: timing.shots[i]!.timecodeIn,
      provider: shot.provider,
      model: shot.model,
      status: status.label,
      cost: { usd: cost?.usd ?? 0, billedUsd: cost?.billedUsd ?? 0, estimatedUsd: cost?.estimatedUsd ?? 0 },
      notes: shot.notes.trim(),
      pictures: picturesOf(shot, take, store.takes.ofShot(shot.id), sequence.resolve),
    };
  });
}
