/**
 * Crash and resume: a child process running the queue against the OpenAI contract server is
 * killed with SIGKILL while jobs are in progress; a new process resumes them. The server must
 * see exactly one create per shot, and every shot must end with exactly one take.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { startOpenAiContractServer } from '../contract-servers/openai-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { jobRows, runQueueChild, waitFor } from '../helpers/queue-child';

const KEY = 'sk-shotline-crash-test-key-0a9b8c7d';

afterAll(() => cleanupTempDirs());




describe('crash and resume', () => {
  it('resumes after SIGKILL: one create per shot, one take per shot', async () => {
    // Renders long enough that the kill lands mid-render, short enough to keep the test quick.
    const server = await startOpenAiContractServer({ apiKey: KEY, renderMs: 2500, steps: 10 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const dir = makeTempDir('crash');
      const settingsDir = path.join(dir, 'home');
      const store = await ProjectStore.create(dir, { name: 'Crash', size: '1280x720' });
      for (const prompt of ['The lamp turns.', 'A ship on the horizon.', 'Rain on the window.']) {
        store.shots.add(undefined, { title: prompt, prompt, seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720' });
      }
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };

      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      // Concurrency 2 (the default): two jobs submitted and polling, the third still queued.
      await waitFor('two remote ids in the store', () => jobRows(dbFile).filter((j) => j.remote_id).length === 2, 30_000);
      a.proc.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const atKill = jobRows(dbFile);
      expect(atKill).toHaveLength(3);
      expect(atKill.filter((j) => j.status === 'running' && j.remote_id)).toHaveLength(2);
      expect(atKill.filter((j) => j.status === 'queued' && !j.remote_id)).toHaveLength(1);
      const createsBefore = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos').length;
      expect(createsBefore).toBe(2);

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      const code = await b.exited;
      expect(code, b.err()).toBe(0);
      const summary = JSON.parse(b.out()) as Array<{ status: string; message: string }>;
      expect(summary.map((j) => j.status)).toEqual(['done', 'done', 'done']);

      const creates = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos' && r.status === 200);
      expect(creates).toHaveLength(3);
      const reopened = await ProjectStore.open(projectDir);
      try {
        for (const shot of reopened.shots.list()) {
          const takes = reopened.takes.ofShot(shot.id);
          expect(takes).toHaveLength(1);
          expect(shot.selectedTakeId).toBe(takes[0]!.id);
        }
        // Billed once per shot: the ledger has one line per accepted create.
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

describe('continued shots wait in the queue', () => {
  it('a continued shot queued before its predecessor\'s take exists is generated after it, also across a SIGKILL', async () => {
    const server = await startOpenAiContractServer({ apiKey: KEY, renderMs: 2000, steps: 10 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const dir = makeTempDir('waiting');
      const settingsDir = path.join(dir, 'home');
      const store = await ProjectStore.create(dir, { name: 'Waiting', size: '1280x720' });
      const fields = { seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720' };
      const shots = [
        store.shots.add(undefined, { title: 'Door', prompt: 'A door opens.', ...fields }),
        store.shots.add(undefined, { title: 'Hall', prompt: 'She walks in.', continuePrevious: true, ...fields }),
        store.shots.add(undefined, { title: 'Stairs', prompt: 'She climbs.', continuePrevious: true, ...fields }),
      ];
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };

      // The first shot renders; the two that continue it wait, persisted.
      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      await waitFor('the first job accepted', () => jobRows(dbFile).some((j) => j.remote_id), 30_000);
      a.proc.kill('SIGKILL');
      await a.exited;
      const atKill = jobRows(dbFile);
      expect(atKill.map((j) => [j.shot_id, j.status])).toEqual([
        [shots[0]!.id, 'running'],
        [shots[1]!.id, 'waiting'],
        [shots[2]!.id, 'waiting'],
      ]);

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      expect(await b.exited, b.err()).toBe(0);
      expect((JSON.parse(b.out()) as Array<{ status: string }>).map((j) => j.status)).toEqual(['done', 'done', 'done']);
      const creates = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos' && r.status === 200);
      expect(creates).toHaveLength(3);
      // Each continued shot was sent after its predecessor's take existed, with a first frame taken from it.
      const reopened = await ProjectStore.open(projectDir);
      try {
        const takes = shots.map((s) => reopened.takes.ofShot(s.id));
        expect(takes.map((t) => t.length)).toEqual([1, 1, 1]);
        const [t1, t2, t3] = takes.map((t) => t[0]!);
        expect(t1!.request.firstFrame).toBeUndefined();
        expect(t2!.request.firstFrame).toMatchObject({ width: 1280, height: 720 });
        expect(t3!.request.firstFrame).toMatchObject({ width: 1280, height: 720 });
        expect(Date.parse(t2!.createdAt)).toBeGreaterThan(Date.parse(t1!.createdAt));
        expect(Date.parse(t3!.createdAt)).toBeGreaterThan(Date.parse(t2!.createdAt));
        const createdAt = (i: number) => server.requests.indexOf(creates[i]!);
        expect(createdAt(0)).toBeLessThan(createdAt(1));
        expect(creates[1]!.images?.length).toBe(1);
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
