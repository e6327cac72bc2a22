/**
 * `npm run hardening`: every hardening suite at full count (500 fuzz cases per door, 100 kills
 * per long operation, the whole fault matrix, the load run), then the figures as a table. The
 * table is printed and written to out/hardening-figures.json for the README.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteFigures } from './figures';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'out');
mkdirSync(outDir, { recursive: true });
const figuresFile = join(outDir, 'hardening-figures.jsonl');
rmSync(figuresFile, { force: true });

const started = Date.now();
const vitest = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/vitest.config.ts', 'test/hardening', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SHOTLINE_HARDENING: '1', SHOTLINE_FUZZ_RUNS: process.env.SHOTLINE_FUZZ_RUNS ?? '500', SHOTLINE_FIGURES: figuresFile },
  },
);
const minutes = (Date.now() - started) / 60_000;

let rows: SuiteFigures[] = [];
try {
  rows = readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SuiteFigures);
} catch {
  // No suite reported: vitest failed before any ran; its own output says why.
}
rows.sort((a, b) => a.suite.localeCompare(b.suite));

const sum = (key: 'trials' | 'faults' | 'inputs' | 'lost' | 'doubleCreates' | 'corrupt') => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
const cell = (value: number | undefined) => (value === undefined ? '' : String(value));
const lines = [
  '| Suite | Trials | Faults | Inputs | Lost | Double creates | Corrupt outputs | Other |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map((r) =>
    `| ${r.suite} | ${cell(r.trials)} | ${cell(r.faults)} | ${cell(r.inputs)} | ${r.lost} | ${cell(r.doubleCreates)} | ${cell(r.corrupt)} | ${Object.entries(r.extra ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
  ),
  `| **All** | ${sum('trials')} | ${sum('faults')} | ${sum('inputs')} | ${sum('lost')} | ${sum('doubleCreates')} | ${sum('corrupt')} | ${minutes.toFixed(1)} min |`,
];
console.log('\nHardening figures\n\n' + lines.join('\n') + '\n');
writeFileSync(join(outDir, 'hardening-figures.json'), JSON.stringify({ minutes, rows }, null, 2));
process.exit(vitest.status ?? 1);
