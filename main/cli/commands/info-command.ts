/** `shotline info <dir>`: the project's shots in order with timecodes, and its elements. */
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
  shots: Array<{
    number: number;
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
    continuePrevious: boolean;
    transition: { kind: string; seconds: number };
    references: string[];
  }>;
  elements: Array<{ name: string; kind: string; description: string; images: string[] }>;
}

function describe(snapshot: ProjectSnapshot, timing: SequenceTiming): ProjectInfo {
  const { project } = snapshot;
  return {
    path: snapshot.path,
    name: project.name,
    size: `${project.format.width}x${project.format.height}`,
    fps: Number(frameRateLabel(project.format.fps)),
    frameRate: project.format.fps,
    style: project.style,
    totalSeconds: timing.totalSeconds,
    totalTimecode: timing.totalTimecode,
    shots: snapshot.shots.map((shot, i) => ({
      number: i + 1,
      id: shot.id,
      title: shot.title,
      prompt: shot.prompt,
      seconds: shot.seconds,
      durationSeconds: timing.shots[i]!.durationSeconds,
      timecodeIn: timing.shots[i]!.timecodeIn,
      cameraMove: shot.cameraMove,
      shotType: shot.shotType,
      dialogue: shot.dialogue,
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
    `${info.size}, ${info.fps} fps, ${info.shots.length} shot${info.shots.length === 1 ? '' : 's'}, total ${info.totalTimecode} (${info.totalSeconds.toFixed(2)} s)`,
  ];
  if (info.style) lines.push(`Style: ${info.style}`);
  lines.push('');
  if (info.shots.length === 0) lines.push('No shots yet: add some in the app or with shotline import.');
  else {
    lines.push(`  #  ${'TC in'.padEnd(11)}  ${'Dur'.padStart(7)}  ${'Title'.padEnd(24)}  Camera`);
    for (const s of info.shots) {
      const title = clip(s.title || s.prompt, 24).padEnd(24);
      const flags = [s.continuePrevious ? 'continues' : '', s.transition.kind !== 'cut' ? `${s.transition.kind} ${s.transition.seconds}s` : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`${String(s.number).padStart(3)}  ${s.timecodeIn}  ${`${s.durationSeconds.toFixed(2)}s`.padStart(7)}  ${title}  ${s.cameraMove}${flags ? `  [${flags}]` : ''}`);
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
  summary: 'Show a project\u2019s shots (number, title, duration, timecode in), total length and elements.',
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
