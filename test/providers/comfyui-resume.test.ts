/**
 * Kill and resume at a ComfyUI host: a child process runs the real queue (composeApp, the
 * shared queue-child fixture) against the ComfyUI contract server, is SIGKILLed while its
 * prompts render, and a second process resumes them by their prompt ids. The host must have
 * queued exactly one prompt per shot, and every shot must end with exactly one take.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { startComfyContractServer } from '../contract-servers/comfyui-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { jobRows, runQueueChild, waitFor } from '../helpers/queue-child';


afterAll(() => cleanupTempDirs());




describe('ComfyUI jobs across a SIGKILL', () => {
  it('resumes by prompt id: one prompt per shot on the host, one take per shot', async () => {
    // ComfyUI renders one prompt at a time: the second one waits in its queue when the kill lands.
    const server = await startComfyContractServer({ renderMs: 1500, steps: 10 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const dir = makeTempDir('comfy-crash');
      const settingsDir = path.join(dir, 'home');
      const store = await ProjectStore.create(dir, { name: 'Comfy crash', size: '768x512' });
      for (const prompt of ['The lamp turns.', 'A ship on the horizon.', 'Rain on the window.']) {
        store.shots.add(undefined, { title: prompt, prompt, seconds: 2, provider: 'comfyui', model: 'ltx-2-19b-distilled', size: '768x512' });
      }
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      const env = { COMFYUI_URL: server.baseUrl };

      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      await waitFor('two prompt ids in the store', () => jobRows(dbFile).filter((j) => j.remote_id).length === 2);
      a.proc.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const killedAt = server.requests.length;
      const atKill = jobRows(dbFile);
      expect(atKill.filter((j) => j.status === 'running' && j.remote_id?.startsWith(`${server.baseUrl}#`))).toHaveLength(2);
      expect(server.prompts).toHaveLength(2);

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      expect(await b.exited, b.err()).toBe(0);
      const summary = JSON.parse(b.out()) as Array<{ status: string }>;
      expect(summary.map((j) => j.status)).toEqual(['done', 'done', 'done']);
      // One prompt per shot, each queued once: the two resumed ones were polled, not sent again.
      expect(server.prompts).toHaveLength(3);
      expect(new Set(server.prompts.map((p) => p.promptId)).size).toBe(3);
      expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/prompt')).toHaveLength(3);
      // The resumed process asked the host for each of the killed one's prompts by its id.
      const resumedIds = atKill.flatMap((j) => (j.remote_id ? [j.remote_id.split('#')[1]] : []));
      expect(resumedIds).toHaveLength(2);
      for (const id of resumedIds) expect(server.requests.slice(killedAt).some((r) => r.path === `/history/${id}`)).toBe(true);

      const reopened = await ProjectStore.open(projectDir);
      try {
        for (const shot of reopened.shots.list()) {
          const takes = reopened.takes.ofShot(shot.id);
          expect(takes).toHaveLength(1);
          expect(takes[0]!.remoteId).toMatch(new RegExp(`^${server.baseUrl}#[0-9a-f-]{36}$`));
        }
        // Free: nothing in the ledger.
        expect(reopened.ledger.list().every((l) => l.costUsd === 0)).toBe(true);
      } finally {
        reopened.close();
      }
    } finally {
      first?.proc.kill('SIGKILL');
      await server.close();
    }
  }, 60_000);
});
