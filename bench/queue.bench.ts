/**
 * Queue throughput: 24 shots, provider concurrency 4, an OpenAI-compatible contract server that
 * renders every job in a fixed 2 s. Ideal: ceil(24/4) x 2 s = 12 s. Reports the time until all
 * 24 takes are ready, the overhead against ideal (target: within 5 %), and HTTP requests per job
 * (polling overhead). Takes are probed, not normalised, so the figure is the queue's own.
 *
 *   npm run bench -- queue
 *   TIMELINE=1 npx tsx bench/queue.bench.ts   # also prints when each job entered each state (ms)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Job } from '../shared/domain';
import { composeApp } from '../main/app/compose';
import { probeOnlyIngest } from '../main/generation/ingest';
import { MemorySecretStore } from '../main/secrets/memory-secret-store';
import { AppSettings } from '../main/settings/app-settings';
import { startOpenAiContractServer } from '../test/contract-servers/openai-server';

const SHOTS = 24;
const CONCURRENCY = 4;
const RENDER_MS = 2_000;
const KEY = 'bench-key-0123456789';

async function main(): Promise<void> {
  const server = await startOpenAiContractServer({ apiKey: KEY, renderMs: RENDER_MS, steps: 20 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-bench-queue-'));
  try {
    const settings = new AppSettings(path.join(dir, 'home'));
    settings.update({ providers: { openai: { baseUrl: server.baseUrl, concurrency: CONCURRENCY } } });
    const app = composeApp({ kind: 'cli', version: 'bench', mediaBase: '', settings, secrets: new MemorySecretStore({ openai: KEY }), env: {} }, { ingest: probeOnlyIngest });
    const { store, generation, queue } = await app.workspace.create({ name: 'Bench', parentDir: dir, size: '1280x720' });
    for (let i = 0; i < SHOTS; i++) {
      store.shots.add(undefined, { title: `Shot ${i + 1}`, prompt: `Shot ${i + 1}: the beam sweeps the bay.`, seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720' });
    }

    // When each job entered each state, for a phase breakdown.
    const seen = new Map<string, Map<string, number>>();
    app.events.subscribe((name, payload) => {
      if (name !== 'job.updated') return;
      const job = payload as Job;
      const states = seen.get(job.id) ?? new Map<string, number>();
      if (!states.has(job.status)) states.set(job.status, performance.now());
      seen.set(job.id, states);
    });
    const started = performance.now();
    const result = await generation.start({});
    await queue.idle();
    const elapsed = (performance.now() - started) / 1000;

    const jobs = result.jobs.map((j) => store.jobs.find(j.id)!);
    const done = jobs.filter((j) => j.status === 'done').length;
    const ideal = (Math.ceil(SHOTS / CONCURRENCY) * RENDER_MS) / 1000;
    const count = (test: (p: string, m: string) => boolean) => server.requests.filter((r) => test(r.path, r.method)).length;
    const creates = count((p, m) => m === 'POST' && p === '/v1/videos');
    const polls = count((p, m) => m === 'GET' && /^\/v1\/videos\/[^/]+$/.test(p));
    const downloads = count((p) => p.endsWith('/content'));
    const total = server.requests.length;
    console.log(`takes ready:        ${done}/${SHOTS}`);
    console.log(`wall time:          ${elapsed.toFixed(2)} s (ideal ceil(${SHOTS}/${CONCURRENCY}) x ${RENDER_MS / 1000} s = ${ideal.toFixed(2)} s)`);
    console.log(`overhead vs ideal:  ${(((elapsed - ideal) / ideal) * 100).toFixed(1)} % (target <= 5 %)`);
    console.log(`HTTP requests/job:  ${(total / SHOTS).toFixed(2)} (create ${(creates / SHOTS).toFixed(2)}, poll ${(polls / SHOTS).toFixed(2)}, download ${(downloads / SHOTS).toFixed(2)})`);
    const phase = (from: string, to: string) => {
      const spans = [...seen.values()].map((m) => (m.get(to) ?? NaN) - (m.get(from) ?? NaN)).filter(Number.isFinite);
      return spans.length ? `${(spans.reduce((a, b) => a + b, 0) / spans.length).toFixed(0)} ms` : 'n/a';
    };
    console.log(
      `mean phase times:   submit ${phase('submitting', 'running')}, render+poll ${phase('running', 'downloading')}, ` +
        `download ${phase('downloading', 'ingesting')}, probe+commit ${phase('ingesting', 'done')}`,
    );
    if (process.env.TIMELINE) {
      const rows = [...seen.entries()].map(([id, m]) => [id, ...['submitting', 'running', 'downloading', 'ingesting', 'done'].map((st) => ((m.get(st) ?? NaN) - started).toFixed(0))]);
      rows.sort((a, b) => Number(a[1]) - Number(b[1]));
      console.log('submitting\trunning\tdownloading\tingesting\tdone');
      for (const r of rows) console.log(r.slice(1).join('\t'));
    }
    await app.dispose();
    if (done !== SHOTS) process.exitCode = 1;
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
