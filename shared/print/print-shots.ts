/**
 * The shots as the printed storyboard, the PDF shot list and the CSV shot list show them: one
 * `PrintShot` per shot, gathered once in main (main/export/print/gather-print.ts), and the text
 * of each shot-list cell from it. Pure, so the PDF's table and the CSV cannot disagree.
 */
import { formatUsd, usdToMicros } from '../cost';
import type { ShotListColumnKey } from './page-layout';

/** The scene a shot belongs to, as printed. */
export interface PrintScene {
  /** The scene number as the script has it ("4", "12A"). */
  number: string;
  /** "INT. LIGHTHOUSE - NIGHT". */
  heading: string;
  /** A CSS hex colour for the heading band, or null for the default. */
  color: string | null;
}

/** Where a frame picture comes from, in the order they are tried. */
export type PictureSource = 'poster' | 'still' | 'reference';

export interface PrintPicture {
  source: PictureSource;
  /** Absolute path of the image file. */
  file: string;
}

/** What can be read of a shot's cost from the spend ledger. */
export interface PrintCost {
  usd: number;
  /** The part the service reported it billed. */
  billedUsd: number;
  /** The part that is still Shotline's estimate. */
  estimatedUsd: number;
}

export interface PrintShot {
  /** The shot number as printed ("4A", or "12" for the twelfth shot of a project without scenes). */
  label: string;
  title: string;
  /** The shot's scene, or null in a project without scenes. */
  scene: PrintScene | null;
  /** True when this shot is the first of its scene (the heading band is drawn on it). */
  sceneStarts: boolean;
  /** The prompt with every `@Name` written as the plain name. */
  action: string;
  dialogue: string;
  shotType: string;
  cameraMove: string;
  /** Seconds the shot shows in the sequence (after trims). */
  seconds: number;
  /** Where it starts in the sequence, as project-rate timecode. */
  timecodeIn: string;
  provider: string;
  model: string;
  /** "Ready", "No take", "Rendering 40%"... as the shot card says. */
  status: string;
  cost: PrintCost;
  /** Notes for the crew ('' when none). */
  notes: string;
  /** Picture files to try, best first (none: a drawn placeholder). */
  pictures: PrintPicture[];
}

/** `4.0 s`. */
export function durationText(seconds: number): string {
  return `${seconds.toFixed(1)} s`;
}

/** `$1.20`, `$1.20 est.` when any of it is still an estimate, `-` when nothing was paid. */
export function costText(cost: PrintCost): string {
  if (cost.usd === 0 && cost.estimatedUsd === 0 && cost.billedUsd === 0) return '-';
  return `${formatUsd(usdToMicros(cost.usd))}${cost.estimatedUsd > 0 ? ' est.' : ''}`;
}

/** `4 INT. LIGHTHOUSE - NIGHT`, `Scene 4` while it has no heading, or '' without a scene. */
export function sceneText(scene: PrintScene | null): string {
  if (!scene) return '';
  return scene.heading.trim() ? `${scene.number} ${scene.heading.trim()}` : `Scene ${scene.number}`;
}

/** The title and the action, as one description. */
export function descriptionText(shot: Pick<PrintShot, 'title' | 'action'>): string {
  const action = shot.action.replace(/\s+/g, ' ').trim();
  const title = shot.title.trim();
  if (title && action) return `${title}: ${action}`;
  return title || action;
}

/** The text of each shot-list cell of one shot. */
export function shotListCells(shot: PrintShot): Record<ShotListColumnKey, string> {
  return {
    number: shot.label,
    scene: sceneText(shot.scene),
    description: descriptionText(shot),
    shotType: shot.shotType,
    camera: shot.cameraMove,
    duration: durationText(shot.seconds),
    model: shot.model,
    status: shot.status,
    cost: costText(shot.cost),
  };
}

/** The CSV's columns: the shot list's, split where a spreadsheet wants numbers, plus the rest of the shot. */
export const CSV_COLUMNS = [
  'Shot',
  'Scene',
  'Scene heading',
  'Title',
  'Action',
  'Dialogue',
  'Shot type',
  'Camera',
  'Duration (s)',
  'Timecode in',
  'Provider',
  'Model',
  'Status',
  'Cost (USD)',
  'Billed (USD)',
  'Estimated (USD)',
  'Notes',
] as const;

const money = (usd: number) => (Math.round(usd * 100) / 100).toFixed(2);

/** One CSV record per shot, in `CSV_COLUMNS` order (numbers as plain decimals with a dot). */
export function csvRecord(shot: PrintShot): string[] {
  return [
    shot.label,
    shot.scene?.number ?? '',
    shot.scene?.heading ?? '',
    shot.title,
    shot.action,
    shot.dialogue,
    shot.shotType,
    shot.cameraMove,
    shot.seconds.toFixed(3).replace(/\.?0+$/, ''),
    shot.timecodeIn,
    shot.provider,
    shot.model,
    shot.status,
    money(shot.cost.usd),
    money(shot.cost.billedUsd),
    money(shot.cost.estimatedUsd),
    shot.notes,
  ];
}
