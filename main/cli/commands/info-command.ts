/** `shotline info <dir>`: the project's scenes, its shots in order with timecodes, and its elements. */
import path from 'node:path';
import type { ProjectSnapshot } from '../../../shared/contract/projects';
import { frameRateLabel, type FrameRate } from '../../../shared/frame-rate';
import { sequenceTiming, type SequenceTiming } from '../../../shared/sequence-math';
import type { CliCommand } from '../command';

/** The `--json` shape (stable: scripts and tests read it). */
export interface ProjectInfo {
  path: string;
  name: string;
  size: string;
  /** Frames per second as people write it (23.976, 24, 29.97). */
  fps: number;
  /** The exact rate. */
  frameRate: FrameRate;
  style: string;
  totalSeconds: number;
  totalTimecode: string;
  /** The scenes in order, each with how many shots it holds and how long it runs. */
  scenes: Array<{
    /** The scene number (`4`, `12A`). */
    number: string;
    id: string;
    heading: string;
    synopsis: string;
    color: string | null;
    shots: number;
    /** From its first shot's first frame to its last shot's last frame, in seconds. */
    durationSeconds: number;
    /** Timecode in of its first shot; null for an empty scene. */
    timecodeIn: string | null;
  }>;
  shots: Array<{
    /** Position in the sequence, from 1. */
    number: number;
    /** The stable shot number (`4A`, `4AA`). */
    shotNumber: string;
    /** The number of the shot's scene. */
    scene: string;
    id: string;
    title: string;
    prompt: string;
    /** Requested length. */
    seconds: number;
    /** Length in the sequence after trims, rounded to frames. */
    durationSeconds: number;
    timecodeIn: string;
    cameraMove: string;
    shotType: string;
    dialogue: string;
    /** Notes for the crew (never sent to a model). */
    notes: string;
    continuePrevious: boolean;
    transition: { kind: string; seconds: number };
    references: string[];
  }>;
  elements: Array<{ name: string; kind: string; description: string; images: string[] }>;
}

function describe(snapshot: ProjectSnapshot, timing: SequenceTiming): ProjectInfo {
  const { project } = snapshot;
  const sceneNumber = new Map(snapshot.scenes.map((s) => [s.id, s.number]));
  const scenes = snapshot.scenes.map((scene) => {
    const at = snapshot.shots.flatMap((shot, i) => (shot.sceneId === scene.id ? [timing.shots[i]!] : []));
    const first = at[0];
    const last = at[at.length - 1];
    const durationSeconds = first && last ? Math.round((last.startSeconds + last.durationSeconds - first.startSeconds) * 1000) / 1000 : 0;
    return { number: scene.number, id: scene.id, heading: scene.heading, synopsis: scene.synopsis, color: scene.color, shots: at.length, durationSeconds, timecodeIn: first?.timecodeIn ?? null };
  });
  return {
    path: snapshot.path,
    name: project.name,
    size: `${project.format.width}x${project.format.height}`,
    fps: Number(frameRateLabel(project.format.fps)),
    frameRate: project.format.fps,
    style: project.style,
    totalSeconds: timing.totalSeconds,
    totalTimecode: timing.totalTimecode,
    scenes,
    shots: snapshot.shots.map((shot, i) => ({
      number: i + 1,
      shotNumber: shot.number,
      scene: sceneNumber.get(shot.sceneId) ?? '',
      id: shot.id,
      title: shot.title,
      prompt: shot.prompt,
      seconds: shot.seconds,
      durationSeconds: timing.shots[i]!.durationSeconds,
      timecodeIn: timing.shots[i]!.timecodeIn,
      cameraMove: shot.cameraMove,
      shotType: shot.shotType,
      dialogue: shot.dialogue,
      notes: shot.notes,
      continuePrevious: shot.continuePrevious,
      transition: shot.transition,
      references: shot.references.map((r) => r.path),
    })),
    elements: snapshot.elements.map((e) => ({ name: e.name, kind: e.kind, description: e.description, images: e.images.map((i) => i.path) })),
  };
}

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}\u2026` : text);

function table(info: ProjectInfo): string {
  const lines = [
    `${info.name}  (${info.path})`,
    `${info.size}, ${info.fps} fps, ${info.scenes.length} scene${info.scenes.length === 1 ? '' : 's'}, ${info.shots.length} shot${info.shots.length === 1 ? '' : 's'}, total ${info.totalTimecode} (${info.totalSeconds.toFixed(2)} s)`,
  ];
  if (info.style) lines.push(`Style: ${info.style}`);
  lines.push('');
  if (info.scenes.length > 0) {
    lines.push('Scenes:');
    lines.push(`  ${'Scene'.padEnd(6)}  ${'TC in'.padEnd(11)}  ${'Shots'.padStart(5)}  ${'Dur'.padStart(8)}  Heading`);
    for (const s of info.scenes) {
      lines.push(`  ${s.number.padEnd(6)}  ${(s.timecodeIn ?? '--').padEnd(11)}  ${String(s.shots).padStart(5)}  ${`${s.durationSeconds.toFixed(2)}s`.padStart(8)}  ${clip(s.heading || '(no heading)', 60)}`);
    }
    lines.push('');
  }
  if (info.shots.length === 0) lines.push('No shots yet: add some in the app or with shotline import.');
  else {
    lines.push(`  ${'Shot'.padEnd(6)}  ${'TC in'.padEnd(11)}  ${'Dur'.padStart(7)}  ${'Title'.padEnd(24)}  Camera`);
    for (const s of info.shots) {
      const title = clip(s.title || s.prompt, 24).padEnd(24);
      const flags = [s.continuePrevious ? 'continues' : '', s.transition.kind !== 'cut' ? `${s.transition.kind} ${s.transition.seconds}s` : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`  ${s.shotNumber.padEnd(6)}  ${s.timecodeIn}  ${`${s.durationSeconds.toFixed(2)}s`.padStart(7)}  ${title}  ${s.cameraMove}${flags ? `  [${flags}]` : ''}`);
    }
  }
  lines.push('');
  if (info.elements.length === 0) lines.push('No elements.');
  else {
    lines.push('Elements:');
    for (const e of info.elements) {
      lines.push(`  @${e.name} (${e.kind}, ${e.images.length} image${e.images.length === 1 ? '' : 's'}): ${clip(e.description, 80)}`);
    }
  }
  return lines.join('\n');
}

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show a project\u2019s scenes (number, heading, shots, duration), shots (number, title, duration, timecode in), total length and elements.',
  usage: 'shotline info <dir> [--json]',
  help: [
    '<dir> is the project folder (ending in .shotline). Durations are after trims, rounded to',
    'whole frames at the project fps; dissolves overlap the shots they join.',
    '',
    'Options:',
    '  --json          print one JSON object instead of a table (for scripts)',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  positionals: ['dir'],
  async run({ positionals, values, io }) {
    // Loaded here, not at the top, so `--help` and usage errors start fast.
    const { ProjectStore } = await import('../../store/project-store');
    const store = await ProjectStore.open(path.resolve(io.cwd, positionals[0]!));
    try {
      const snapshot = store.snapshot();
      const timing = sequenceTiming(snapshot.shots, snapshot.project.format.fps);
      const info = describe(snapshot, timing);
      io.out(values.json ? JSON.stringify(info, null, 2) : table(info));
    } finally {
      store.close();
    }
  },
};
