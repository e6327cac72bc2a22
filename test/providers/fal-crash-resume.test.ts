/**
 * Kill and resume at fal: a child process runs the real queue (composeApp, the registry's fal
 * models, the fal adapter and @fal-ai/client) against the fal contract server, with the key and
 * base URL from the variables the fal descriptor names (FAL_KEY, SHOTLINE_FAL_BASE_URL). It is
 * SIGKILLed while requests are in fal's queue; a second process resumes by polling the stored
 * request ids. The server must see exactly one create per shot, and every shot one take.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { shippedRegistry } from '../../shared/registry/registry';
import { startFalContractServer } from '../contract-servers/fal-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { jobRows, runQueueChild, waitFor } from '../helpers/queue-child';

const KEY = 'fal-shotline-crash-test-key-5e6f7a8b';

afterAll(() => cleanupTempDirs());




describe('fal: kill mid-render and resume', () => {
  it('resumes after SIGKILL by polling the stored request ids: one create per shot, one take per shot', async () => {
    expect(shippedRegistry().providers.fal?.auth).toMatchObject({ keyEnv: ['FAL_KEY'], baseUrlEnv: ['SHOTLINE_FAL_BASE_URL'] });
    const server = await startFalContractServer({ apiKey: KEY, renderMs: 2500, steps: 10 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const dir = makeTempDir('fal-crash');
      const settingsDir = path.join(dir, 'home');
      const store = await ProjectStore.create(dir, { name: 'Crash at fal', size: '1280x720' });
      for (const prompt of ['The lamp turns.', 'A ship on the horizon.', 'Rain on the window.']) {
        store.shots.add(undefined, { title: prompt, prompt, seconds: 4, provider: 'fal', model: 'fal-ai/veo3.1', size: '1280x720' });
      }
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      // The client also reads FAL_KEY_ID/FAL_KEY_SECRET: blank them so only FAL_KEY counts.
      const env = { FAL_KEY: KEY, FAL_KEY_ID: '', FAL_KEY_SECRET: '', SHOTLINE_FAL_BASE_URL: server.baseUrl };
      const creates = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/fal-ai/veo3.1');

      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      // Concurrency 2 (the default): two requests in fal's queue, the third job still queued here.
      await waitFor('two request ids in the store', () => jobRows(dbFile).filter((j) => j.remote_id).length === 2, 30_000);
      a.proc.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const atKill = jobRows(dbFile);
      expect(atKill.filter((j) => j.status === 'running' && j.remote_id?.startsWith('fal-ai/veo3.1/requests/'))).toHaveLength(2);
      expect(atKill.filter((j) => j.status === 'queued' && !j.remote_id)).toHaveLength(1);
      expect(creates()).toHaveLength(2);
      expect(server.jobs.size).toBe(2);

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      const code = await b.exited;
      expect(code, b.err()).toBe(0);
      const summary = JSON.parse(b.out()) as Array<{ status: string; message: string }>;
      expect(summary.map((j) => j.status)).toEqual(['done', 'done', 'done']);

      // Exactly one create per shot, each accepted and billed once; the resumed two were polled, not resent.
      expect(creates().map((r) => r.status)).toEqual([200, 200, 200]);
      expect(server.jobs.size).toBe(3);
      expect(server.requests.every((r) => !r.headers.authorization || r.headers.authorization === `Key ${KEY}`)).toBe(true);
      expect(b.err()).not.toContain(KEY);
      const reopened = await ProjectStore.open(projectDir);
      try {
        for (const shot of reopened.shots.list()) {
          const takes = reopened.takes.ofShot(shot.id);
          expect(takes).toHaveLength(1);
          expect(shot.selectedTakeId).toBe(takes[0]!.id);
        }
        expect(reopened.ledger.list()).toHaveLength(3);
      } finally {
        reopened.close();
      }
    } finally {
      first?.proc.kill('SIGKILL');
      await server.close();
    }
  }, 90_000);
});
