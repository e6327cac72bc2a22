/**
 * Project store benchmark (`npm run bench -- store`): a project with 1,000 shots and 50
 * elements, then
 *   - opening it and loading every shot and element (target: median < 50 ms),
 *   - 1,000 single-shot edits, each its own transaction with synchronous=FULL (target: p95 < 5 ms),
 *   - 200 reorders (each rewrites one row).
 * Prints a table; the targets are reported, not enforced (a busy machine is not a regression).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectStore } from '../main/store/project-store';

const SHOTS = 1000;
const ELEMENTS = 50;
const OPEN_RUNS = 30;
const EDITS = 1000;
const MOVES = 200;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1)! };
}

async function main(): Promise<void> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-bench-store-'));
  try {
    const setupStart = performance.now();
    const store = await ProjectStore.create(parent, { name: 'Bench' });
    store.transaction(() => {
      for (let i = 0; i < ELEMENTS; i++) {
        store.elements.add({ kind: i % 4 === 0 ? 'place' : 'character', name: `Element${i}`, description: `description ${i} `.repeat(10) });
      }
      for (let i = 0; i < SHOTS; i++) {
        store.shots.add(undefined, {
          title: `Shot ${i + 1}`,
          prompt: `Wide shot: @Element${i % ELEMENTS} walks along the cliff, beat ${i}. `.repeat(4),
          cameraMove: 'slow push in',
          dialogue: i % 3 === 0 ? 'Mara: It is still turning.' : '',
          seconds: 4,
        });
      }
    });
    store.close();
    const setupMs = performance.now() - setupStart;

    // Open + load everything, as the app does when a project is opened.
    const openTimes: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      const t = performance.now();
      const opened = await ProjectStore.open(path.join(parent, 'Bench.shotline'));
      const snapshot = opened.snapshot();
      openTimes.push(performance.now() - t);
      if (snapshot.shots.length !== SHOTS || snapshot.elements.length !== ELEMENTS) throw new Error('bench project is incomplete');
      opened.close();
    }

    const working = await ProjectStore.open(path.join(parent, 'Bench.shotline'));
    const shots = working.shots.list();
    const editTimes: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const shot = shots[(i * 7919) % SHOTS]!;
      const t = performance.now();
      working.shots.update(shot.id, { title: `Edited ${i}`, seconds: 3 + (i % 5) });
      editTimes.push(performance.now() - t);
    }
    const moveTimes: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const shot = shots[(i * 104729) % SHOTS]!;
      const after = shots[(i * 7) % SHOTS]!;
      if (after.id === shot.id) continue;
      const t = performance.now();
      working.shots.move(shot.id, after.id);
      moveTimes.push(performance.now() - t);
    }
    working.close();

    const open = stats(openTimes);
    const edit = stats(editTimes);
    const move = stats(moveTimes);
    const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
    const rows: Array<[string, ReturnType<typeof stats>, string]> = [
      [`open + load ${SHOTS} shots, ${ELEMENTS} elements (x${OPEN_RUNS})`, open, open.median < 50 ? 'median < 50 ms: met' : 'median < 50 ms: MISSED'],
      [`single-shot edit, own transaction (x${EDITS})`, edit, edit.p95 < 5 ? 'p95 < 5 ms: met' : 'p95 < 5 ms: MISSED'],
      [`reorder one shot (x${moveTimes.length})`, move, ''],
    ];
    console.log(`setup: ${SHOTS} shots + ${ELEMENTS} elements in one transaction: ${setupMs.toFixed(0)} ms`);
    console.log(`${'operation'.padEnd(52)}${'median'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}  target`);
    for (const [label, s, target] of rows) console.log(`${label.padEnd(52)}${ms(s.median)}${ms(s.p95)}${ms(s.max)}  ${target}`);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
