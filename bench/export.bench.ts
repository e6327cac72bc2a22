/**
 * Export benchmark (`npm run bench -- export`). Twelve 8-second 1280x720 24 fps H.264 + AAC
 * clips are made and normalised (ingest) in a temp folder, then, side by side in one run:
 *   - cuts: Shotline's export vs a bare `ffmpeg -f concat -c copy` of the same takes
 *     (target: at most 1.15x);
 *   - 0.5 s dissolves at every cut: Shotline's export (windows re-encoded, the rest copied) vs
 *     a full re-encode with an xfade + acrossfade chain (target: at least 8x faster);
 *   - ingest normalisation speed (seconds of video per second of wall time);
 *   - peak memory: VmHWM of the ffmpeg processes each one runs (the largest one; the dissolve
 *     export runs two at a time), and how far this process's own resident memory rose (the cut
 *     path writes the MP4 itself, without ffmpeg).
 * Medians (and ranges) of RUNS runs, the three exports taking turns so that a busy machine
 * slows them alike; the full re-encode runs once (it takes ~20 s). Targets are reported, not
 * enforced.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { newTake } from '../shared/defaults';
import type { HouseFormat, Shot, Take } from '../shared/domain';
import { exportSequence, type SequenceInput } from '../main/export/export-sequence';
import { houseEncodeArgs } from '../main/media/house-format';
import { ingestTake } from '../main/media/ingest-take';
import type { FfmpegTools } from '../main/media/ffmpeg-locator';

const run = promisify(execFile);
const CLIPS = 12;
const SECONDS = 8;
const RUNS = 5;
const FORMAT: HouseFormat = { width: 1280, height: 720, fps: { num: 24, den: 1 }, audio: { sampleRate: 48000, channels: 2 } };
const tools: FfmpegTools = { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' };
const FONT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'assets', 'fonts', 'DejaVuSans.ttf');

/**
 * Peak resident memory (VmHWM, kB) of this process's ffmpeg children while `work` runs, and
 * the rise of this process's own resident memory.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ seconds: number; peakMb: number; ownMb: number; value: T }> {
  let peak = 0;
  const baseRss = process.memoryUsage.rss();
  let ownPeak = baseRss;
  const poll = () => {
    ownPeak = Math.max(ownPeak, process.memoryUsage.rss());
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        if (!/^Name:\s+ffmpeg$/m.test(status) || Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
        peak = Math.max(peak, Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      } catch {
        // The process ended between listing and reading.
      }
    }
  };
  const timer = setInterval(poll, 15);
  const started = performance.now();
  try {
    const value = await work();
    poll();
    return { seconds: (performance.now() - started) / 1000, peakMb: peak / 1024, ownMb: (ownPeak - baseRss) / (1024 * 1024), value };
  } finally {
    clearInterval(timer);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function shotOf(take: Take, i: number, transition: Shot['transition']): Shot {
  return {
    id: take.shotId, sceneId: 'bench-scene', orderKey: `a${i}`, number: `${i + 1}`, title: `Shot ${i + 1}`, prompt: '', cameraMove: '', shotType: '', dialogue: '', soundNotes: '', avoid: '', audio: null,
    seconds: SECONDS, provider: 'animatic', model: 'animatic', size: '1280x720', references: [], endFrame: null, continuePrevious: false,
    selectedTakeId: take.id, trimIn: 0, trimOut: null, transition, notes: '', updatedAt: '',
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-bench-export-'));
  try {
    console.log(`Making ${CLIPS} clips of ${SECONDS} s at 1280x720 24 fps...`);
    const sources: string[] = [];
    for (let i = 0; i < CLIPS; i++) {
      const file = path.join(dir, `src-${i}.mp4`);
      await run('ffmpeg', [
        '-y', '-v', 'error',
        '-f', 'lavfi', '-i', `testsrc2=s=1280x720:r=24:d=${SECONDS},hue=h=${i * 30}`,
        '-f', 'lavfi', '-i', `sine=f=${220 + i * 40}:r=44100:d=${SECONDS}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-t', String(SECONDS), file,
      ]);
      sources.push(file);
    }

    console.log('Normalising them (ingest)...');
    const takes: Take[] = [];
    const ingest = await measured(async () => {
      for (const [i, source] of sources.entries()) {
        const result = await ingestTake(tools, { projectDir: dir, source, outDir: `media/takes/t${i}`, format: FORMAT, original: 'in-place' });
        takes.push(
          newTake({
            id: `t${i}`, shotId: `s${i}`, requestHash: `t${i}`, durationSeconds: result.durationSeconds, files: result.files, now: '',
            request: { provider: 'bench', model: 'bench', prompt: '', seconds: SECONDS, size: '1280x720', fps: FORMAT.fps },
          }),
        );
      }
    });
    const files = takes.map((t) => path.join(dir, ...t.files.normalised!.split('/')));
    const input = (transition: Shot['transition']): SequenceInput => ({
      format: FORMAT,
      shots: takes.map((t, i) => shotOf(t, i, transition)),
      takeOf: (shot) => takes.find((t) => t.id === shot.selectedTakeId) ?? null,
      resolve: (rel) => path.join(dir, ...rel.split('/')),
    });
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(outDir);
    const list = path.join(dir, 'bare.txt');
    fs.writeFileSync(list, files.map((f) => `file '${f}'`).join('\n'));

    const shotlineCuts = () => exportSequence(input({ kind: 'cut', seconds: 0 }), { tools, fontFile: FONT }, { outPath: path.join(outDir, 'cuts.mp4') });
    const bareCopy = () => run('ffmpeg', ['-y', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', path.join(outDir, 'bare.mp4')]);
    const shotlineDissolves = () =>
      exportSequence(input({ kind: 'dissolve', seconds: 0.5 }), { tools, fontFile: FONT }, { outPath: path.join(outDir, 'dissolves.mp4') });
    const fullReencode = () => {
      const args = ['-y', '-v', 'error'];
      for (const f of files) args.push('-i', f);
      const graph: string[] = [];
      let v = '0:v';
      let a = '0:a';
      for (let i = 1; i < files.length; i++) {
        graph.push(`[${v}][${i}:v]xfade=transition=fade:duration=0.5:offset=${(i * (SECONDS - 0.5)).toFixed(3)}[v${i}]`);
        graph.push(`[${a}][${i}:a]acrossfade=d=0.5[a${i}]`);
        v = `v${i}`;
        a = `a${i}`;
      }
      args.push('-filter_complex', graph.join(';'), '-map', `[${v}]`, '-map', `[${a}]`, ...houseEncodeArgs(FORMAT), path.join(outDir, 'full.mp4'));
      return run('ffmpeg', args, { maxBuffer: 1 << 24 });
    };

    console.log('Timing exports...');
    const rows: Array<{ name: string; seconds: number[]; peakMb: number; ownMb: number }> = [
      { name: 'cuts: Shotline export', seconds: [], peakMb: 0, ownMb: 0 },
      { name: 'cuts: bare ffmpeg concat -c copy', seconds: [], peakMb: 0, ownMb: 0 },
      { name: 'dissolves: Shotline export', seconds: [], peakMb: 0, ownMb: 0 },
      { name: 'dissolves: full re-encode (xfade chain)', seconds: [], peakMb: 0, ownMb: 0 },
    ];
    const jobs = [shotlineCuts, bareCopy, shotlineDissolves] as const;
    // Warm the page cache, and this process's code paths (the first export in a fresh
    // process also compiles the writer), once each.
    await bareCopy();
    await shotlineCuts();
    for (let r = 0; r < RUNS; r++) {
      for (const [i, job] of jobs.entries()) {
        const m = await measured(job as () => Promise<unknown>);
        rows[i]!.seconds.push(m.seconds);
        rows[i]!.peakMb = Math.max(rows[i]!.peakMb, m.peakMb);
        rows[i]!.ownMb = Math.max(rows[i]!.ownMb, m.ownMb);
      }
    }
    const full = await measured(fullReencode);
    rows[3]!.seconds.push(full.seconds);
    rows[3]!.peakMb = full.peakMb;

    const t = rows.map((row) => median(row.seconds));
    const total = CLIPS * SECONDS;
    console.log('');
    const range = (xs: number[]) => (xs.length > 1 ? `${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)}` : '');
    console.log(`| operation (${CLIPS} x ${SECONDS} s, 1280x720 24 fps) | median s | range s | peak ffmpeg memory | rise of Shotline's own memory |`);
    console.log('|---|---|---|---|---|');
    for (const [i, row] of rows.entries()) {
      const own = i === 0 || i === 2 ? `${row.ownMb.toFixed(0)} MB` : '';
      console.log(`| ${row.name} | ${t[i]!.toFixed(3)} | ${range(row.seconds)} | ${row.peakMb ? `${row.peakMb.toFixed(0)} MB` : 'no ffmpeg'} | ${own} |`);
    }
    console.log(`| ingest normalisation, ${total} s of video | ${ingest.seconds.toFixed(1)} | | ${ingest.peakMb.toFixed(0)} MB | |`);
    console.log('');
    // Per-round ratios (each round ran both side by side): their spread shows the noise.
    const cutRatios = rows[0]!.seconds.map((x, r) => x / rows[1]!.seconds[r]!);
    console.log(`cuts per round: ${cutRatios.map((x) => x.toFixed(2)).join(', ')}`);
    const cutRatio = t[0]! / t[1]!;
    const dissolveSpeedup = t[3]! / t[2]!;
    console.log(`cuts: Shotline / bare copy = ${cutRatio.toFixed(2)}x (target <= 1.15x) ${cutRatio <= 1.15 ? 'MET' : 'MISSED'}`);
    const dissolveRatios = rows[2]!.seconds.map((x) => rows[3]!.seconds[0]! / x);
    console.log(`dissolves per round (against the one full re-encode): ${dissolveRatios.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`dissolves: full re-encode / Shotline = ${dissolveSpeedup.toFixed(1)}x faster (target >= 8x) ${dissolveSpeedup >= 8 ? 'MET' : 'MISSED'}`);
    console.log(`ingest: ${(total / ingest.seconds).toFixed(1)} s of video normalised per second of wall time`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
