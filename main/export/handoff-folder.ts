/**
 * The hand-off to an editor's software, the same for every interchange format (EDL, FCPXML,
 * FCP7 XML, OTIO, MLT): a folder that opens on another machine.
 *
 *   <name>/                  the chosen output path minus its extension
 *     <name>.<ext>           the interchange file, media paths relative to this folder
 *     media/
 *       001A_Harbour_take2.mp4  each used take once: shot number, title, take number
 *
 * Media is hard-linked when the project is on the same disk (no space used, instant), else
 * copied. The whole folder is built in a hidden temp folder beside it and renamed at the end,
 * so a cancel or a failure leaves nothing; an earlier hand-off of the same name is replaced
 * (and only a hand-off: a folder holding anything else is refused, never deleted).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Cut, CutShot } from '../../shared/interchange/cut';
import { fileSlug, layoutCut } from '../../shared/interchange/cut';
import type { ExportOptionValues } from '../../shared/contract/export';
import { UserError, invalid } from '../errors';
import type { SequenceAudioLane } from './export-sequence';
import { gatherCut, type GatheredShot } from './gather-cut';
import type { ExportContext, ExportFormat } from './formats/export-format';

/** The sub-folder holding the takes. */
export const MEDIA_FOLDER = 'media';

/** A format written as a hand-off folder: its description and a pure writer over the cut. */
export interface HandoffFormatSpec extends Omit<ExportFormat, 'run'> {
  write(cut: Cut, options: ExportOptionValues): string;
}

/** Where a hand-off for `outPath` goes: the folder and the interchange file in it. */
export function handoffPaths(outPath: string): { folder: string; file: string; name: string } {
  const ext = path.extname(outPath);
  const name = path.basename(outPath, ext);
  const folder = path.join(path.dirname(outPath), name);
  return { folder, file: path.join(folder, `${name}${ext}`), name };
}

/** Media file names for the used takes: readable, unique, one per file. */
export function mediaNames(shots: readonly GatheredShot[], takeNumber: (g: GatheredShot) => number | null): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const g of shots) {
    if (g.file === null || names.has(g.file)) continue;
    // Scene digits padded, so the files sort in film order in a bin ("004A", "012B").
    const numbered = /^(\d+)([A-Z]*)$/.exec(g.label);
    const label = numbered ? `${numbered[1]!.padStart(3, '0')}${numbered[2]}` : fileSlug(g.label) || 'shot';
    const n = takeNumber(g);
    const base = [label, fileSlug(g.shot.title) || 'shot', ...(n === null ? [] : [`take${n}`])].join('_');
    const ext = path.extname(g.file).toLowerCase() || '.mp4';
    let name = `${base}${ext}`;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}-${k}${ext}`;
    used.add(name.toLowerCase());
    names.set(g.file, name);
  }
  return names;
}

/** The extra sound lanes' files: absolute path -> name in media/ (`Music_01_Score.wav`). */
export function laneNames(lanes: readonly SequenceAudioLane[], resolve: (relative: string) => string, taken: Iterable<string>): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  for (const lane of lanes) {
    lane.clips.forEach((clip, k) => {
      const file = resolve(clip.file);
      if (names.has(file)) return;
      const base = [fileSlug(lane.name) || 'Audio', String(k + 1).padStart(2, '0'), fileSlug(clip.name) || 'clip'].join('_');
      const ext = path.extname(file).toLowerCase();
      let name = `${base}${ext}`;
      for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}${ext}`;
      used.add(name.toLowerCase());
      names.set(file, name);
    });
  }
  return names;
}

/** The cut with media paths relative to the folder. */
export function cutOf(context: ExportContext, shots: readonly GatheredShot[], names: Map<string, string>, lanes: readonly SequenceAudioLane[] = []): Cut {
  const { format } = context.sequence;
  const resolve = (relative: string) => context.sequence.resolve(relative);
  return {
    title: context.store.project.get().name,
    rate: format.fps,
    width: format.width,
    height: format.height,
    audio: { ...format.audio },
    shots: shots.map(
      (g): CutShot => ({
        label: g.label,
        title: g.shot.title,
        prompt: g.shot.prompt,
        media: g.file === null ? null : `${MEDIA_FOLDER}/${names.get(g.file)!}`,
        hasAudio: g.hasAudio,
        takeFrames: g.takeFrames ?? g.outFrame,
        inFrame: g.inFrame,
        outFrame: g.outFrame,
        transition: g.transition,
      }),
    ),
    audioLanes: lanes.map((lane) => ({
      name: lane.name,
      ...(lane.role ? { role: lane.role } : {}),
      clips: lane.clips.map((c) => ({ name: c.name, media: `${MEDIA_FOLDER}/${names.get(resolve(c.file))!}`, mediaFrames: c.mediaFrames, inFrame: c.inFrame, outFrame: c.outFrame, at: c.at })),
    })),
  };
}

/** True when `folder` holds only what a hand-off named `name` writes (or nothing). */
async function isHandoff(folder: string, name: string): Promise<boolean> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  return entries.every((e) => (e.isDirectory() && e.name === MEDIA_FOLDER) || (e.isFile() && path.parse(e.name).name === name));
}

/** Hard link, or a copy when the link is refused (another disk, a file system without links). */
async function linkOrCopy(from: string, to: string): Promise<'link' | 'copy'> {
  try {
    await fs.link(from, to);
    return 'link';
  } catch {
    await fs.copyFile(from, to);
    return 'copy';
  }
}

/** Writes the hand-off folder for `spec`; resolves with the words shown when done. */
export async function writeHandoff(spec: HandoffFormatSpec, context: ExportContext, options: ExportOptionValues): Promise<string> {
  const { sequence, signal } = context;
  if (sequence.shots.length === 0) throw new UserError('conflict', 'The project has no shots. Add shots and generate takes before exporting.');
  context.progress(0, null);
  const { folder, file, name } = handoffPaths(context.outPath);
  const existing = await fs.stat(folder).catch(() => null);
  if (existing && !(existing.isDirectory() && (await isHandoff(folder, name)))) {
    throw new UserError('conflict', `${folder} already exists and is not a Shotline hand-off folder, so it is left alone. Choose another name or place for the export.`);
  }
  const shots = await gatherCut(sequence, { fillMissing: options.fillMissing === true });
  const takeNumber = (g: GatheredShot) => {
    const takes = g.take && sequence.takesOf ? sequence.takesOf(g.shot) : [];
    const k = takes.findIndex((t) => t.id === g.take?.id);
    return k < 0 ? null : k + 1;
  };
  const names = mediaNames(shots, takeNumber);
  // Sound lanes sit against the record frames where the shots start, as the writers lay them out.
  const laid = layoutCut(cutOf(context, shots, names).shots).shots;
  const lanes = sequence.audioLanes?.(new Map(laid.map((l, i) => [shots[i]!.shot.id, l.start]))) ?? [];
  const sounds = laneNames(lanes, (rel) => sequence.resolve(rel), names.values());
  for (const [from, as] of sounds) names.set(from, as);
  const cut = cutOf(context, shots, names, lanes);
  const text = spec.write(cut, options);

  const parent = path.dirname(folder);
  const temp = await fs.mkdtemp(path.join(parent, `.${name}.handoff-`));
  let old: string | null = null;
  try {
    await fs.mkdir(path.join(temp, MEDIA_FOLDER));
    // Every file once (a take used twice, a sound in two lanes), with its size for progress.
    const files = await Promise.all(
      [...names.keys()].map(async (from) => {
        const size = shots.find((g) => g.file === from)?.size ?? (await fs.stat(from).catch(() => null))?.size;
        if (size === undefined) throw invalid(`Cannot export: the sound file ${from} is missing. Put it back or take it off the audio track.`);
        return { from, size };
      }),
    );
    const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
    let done = 0;
    let copies = 0;
    for (const f of files) {
      if (signal.aborted) throw new Error('cancelled');
      if ((await linkOrCopy(f.from, path.join(temp, MEDIA_FOLDER, names.get(f.from)!))) === 'copy') copies++;
      done += f.size;
      context.progress(0.95 * (done / total), null);
    }
    await fs.writeFile(path.join(temp, path.basename(file)), text);
    if (signal.aborted) throw new Error('cancelled');
    if (existing) {
      old = path.join(parent, `.${name}.replaced-${crypto.randomBytes(4).toString('hex')}`);
      await fs.rename(folder, old);
    }
    try {
      await fs.rename(temp, folder);
    } catch (error) {
      // Put the earlier hand-off back: the export failed, nothing changed.
      if (old) await fs.rename(old, folder).catch(() => {});
      old = null;
      throw error;
    }
    context.progress(1, 0);
    const media = names.size;
    if (copies) context.log(`${spec.label}: ${copies} of ${media} media files copied (the project is on another disk), not linked.`);
    return `Wrote ${folder}${path.sep} (${path.basename(file)} and ${media} media file${media === 1 ? '' : 's'} in ${MEDIA_FOLDER}${path.sep}; paths are relative, move the folder as a whole).`;
  } finally {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => {});
    if (old) await fs.rm(old, { recursive: true, force: true }).catch(() => {});
  }
}

/** The `fillMissing` option every hand-off format has. */
export const FILL_MISSING_FIELD = {
  kind: 'boolean',
  key: 'fillMissing',
  label: 'Black for shots without a take',
  default: false,
  suggested: true,
  help: 'black in place of shots without a take, instead of refusing',
} as const;

/** An export format that writes a hand-off folder with `spec.write`. */
export function handoffFormat(spec: HandoffFormatSpec): ExportFormat {
  const { write: _write, ...info } = spec;
  return { ...info, writesTo: (outPath) => handoffPaths(outPath).file, run: (context, options) => writeHandoff(spec, context, options) };
}
