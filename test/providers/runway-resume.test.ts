/**
 * Runway across a crash: a child process runs the real queue (composeApp, the key and base URL
 * from RUNWAYML_API_SECRET / RUNWAYML_BASE_URL, the variables the descriptor names and the SDK
 * itself reads) against the Runway contract server and is SIGKILLed mid-render; a second
 * process resumes by polling the stored task ids. Runway bills every create and dedupes none,
 * so the server must see exactly one create per shot.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { startRunwayContractServer } from '../contract-servers/runway-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { jobRows, runQueueChild, waitFor } from '../helpers/queue-child';


afterAll(() => cleanupTempDirs());




describe('runway: kill mid-render, resume', () => {
  it('resumes the running tasks by id after SIGKILL: one create per shot, one take each, credits billed once', async () => {
    // Long enough that the kill lands mid-render; concurrency 1 at Runway keeps the second task THROTTLED.
    const server = await startRunwayContractServer({ renderMs: 2500, steps: 10, concurrency: 1 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const dir = makeTempDir('runway-crash');
      const settingsDir = path.join(dir, 'home');
      const store = await ProjectStore.create(dir, { name: 'Runway crash', size: '1280x720' });
      for (const prompt of ['The lamp swings.', 'A ship turns.', 'Rain runs down the glass.']) {
        store.shots.add(undefined, { title: prompt, prompt, seconds: 4, provider: 'runway', model: 'gen4.5', size: '1280x720' });
      }
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      const env = { RUNWAYML_API_SECRET: server.apiKey, RUNWAYML_BASE_URL: server.baseUrl };

      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      // Shotline runs two at once; the third waits in Shotline's queue.
      await waitFor('two task ids in the store', () => jobRows(dbFile).filter((j) => j.remote_id).length === 2);
      a.proc.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const atKill = jobRows(dbFile);
      expect(atKill.filter((j) => j.remote_id)).toHaveLength(2);
      expect(server.billed).toHaveLength(2);
      const [throttled] = server.billed.slice(1);
      expect(server.taskStatus(throttled!.taskId)).toBe('THROTTLED');

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      const code = await b.exited;
      expect(code, b.err()).toBe(0);
      const summary = JSON.parse(b.out()) as Array<{ status: string; message: string }>;
      expect(summary.map((j) => j.status)).toEqual(['done', 'done', 'done']);

      const creates = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/text_to_video');
      expect(creates.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(server.billed).toHaveLength(3);
      // The resumed process polled the two tasks the first one started, by their ids.
      for (const { remote_id } of atKill.filter((j) => j.remote_id)) {
        expect(server.requests.some((r) => r.path === `/v1/tasks/${remote_id}` && r.status === 200)).toBe(true);
      }
      const reopened = await ProjectStore.open(projectDir);
      try {
        for (const shot of reopened.shots.list()) expect(reopened.takes.ofShot(shot.id)).toHaveLength(1);
        expect(reopened.ledger.list()).toHaveLength(3);
      } finally {
        reopened.close();
      }
    } finally {
      first?.proc.kill('SIGKILL');
      await server.close();
    }
  }, 60_000);
});
