/**
 * CLI start-up benchmark (`npm run bench -- cli`): bundles the CLI as `npm run build:cli` does,
 * then times, in interleaved rounds so that a busy machine slows every row alike,
 *   - `node -e 0` (the baseline: Node itself),
 *   - `node out/cli/shotline.mjs --version` (target: within 300 ms of the baseline),
 *   - `shotline --help` and `shotline render --help` (the command list only, no command module),
 *   - `node --import tsx main/cli/shotline.ts --version`: the same sources compiled by tsx at
 *     start instead of bundled (for reference; the `bin` ran tsx before it was bundled).
 * Each row is the median over the rounds of (its time - the baseline's time in the same round);
 * several runs give the range. The target is reported, not enforced.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli, CLI_BUNDLE } from '../main/build/bundle-cli';

const RUNS = 3;
const ROUNDS = 15;
const TARGET_MS = 300;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

interface Row {
  name: string;
  args: string[];
}

const baseline: Row = { name: 'node -e 0 (baseline)', args: ['-e', '0'] };
const rows: Row[] = [
  { name: 'shotline --version', args: [CLI_BUNDLE, '--version'] },
  { name: 'shotline --help', args: [CLI_BUNDLE, '--help'] },
  { name: 'shotline render --help', args: [CLI_BUNDLE, 'render', '--help'] },
  { name: 'tsx main/cli/shotline.ts --version (sources, no bundle)', args: ['--import', 'tsx', path.join(root, 'main/cli/shotline.ts'), '--version'] },
];

function timeOnce(row: Row): number {
  const started = performance.now();
  const result = spawnSync(node, row.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${row.name} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;

async function main(): Promise<void> {
  const bundled = performance.now();
  await bundleCli();
  console.log(`Bundled the CLI in ${(performance.now() - bundled).toFixed(0)} ms.`);
  // One untimed pass, so the file cache is warm for every row.
  for (const row of [baseline, ...rows]) timeOnce(row);

  const baseMedians: number[] = [];
  const absMedians = rows.map(() => [] as number[]);
  const diffMedians = rows.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) {
    const base: number[] = [];
    const diffs = rows.map(() => [] as number[]);
    const abs = rows.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order, so no row always runs right after the baseline.
      const order = rows.map((_, i) => (i + round) % rows.length);
      const b = timeOnce(baseline);
      base.push(b);
      for (const i of order) {
        const ms = timeOnce(rows[i]!);
        abs[i]!.push(ms);
        diffs[i]!.push(ms - b);
      }
    }
    baseMedians.push(median(base));
    rows.forEach((_, i) => {
      absMedians[i]!.push(median(abs[i]!));
      diffMedians[i]!.push(median(diffs[i]!));
    });
    console.log(`run ${run + 1}: baseline ${median(base).toFixed(0)} ms; ${rows.map((row, i) => `${row.name} +${median(diffs[i]!).toFixed(0)} ms`).join('; ')}`);
  }

  console.log('');
  console.log(`| command (${RUNS} runs x ${ROUNDS} interleaved rounds) | median ms | minus baseline, median of runs (range) ms |`);
  console.log('|---|---|---|');
  console.log(`| ${baseline.name} | ${median(baseMedians).toFixed(0)} (${range(baseMedians)}) | |`);
  rows.forEach((row, i) => {
    console.log(`| ${row.name} | ${median(absMedians[i]!).toFixed(0)} (${range(absMedians[i]!)}) | +${median(diffMedians[i]!).toFixed(0)} (${range(diffMedians[i]!)}) |`);
  });
  console.log('');
  const version = median(diffMedians[0]!);
  const worst = Math.max(...diffMedians[0]!);
  console.log(`shotline --version: +${version.toFixed(0)} ms over node -e 0 (worst run +${worst.toFixed(0)} ms; target < ${TARGET_MS} ms) ${worst < TARGET_MS ? 'MET' : 'MISSED'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
