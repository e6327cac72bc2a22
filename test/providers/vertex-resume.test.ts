/**
 * Kill and resume at Vertex AI: a child process runs the real queue (composeApp, settings from
 * the environment as the CLI reads them: GOOGLE_CLOUD_PROJECT, GOOGLE_APPLICATION_CREDENTIALS,
 * GOOGLE_VERTEX_BASE_URL) against the Vertex contract server, with a workload-identity
 * credentials file exchanged at the server's STS origin; it is SIGKILLed mid-render and a
 * second process resumes by polling the stored operation names. The server must see exactly one
 * create per shot.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { startVertexContractServer, writeExternalAccountFile } from '../contract-servers/vertex-server';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { jobRows, runQueueChild, waitFor } from '../helpers/queue-child';


afterAll(() => cleanupTempDirs());




describe('vertex: kill mid-render and resume', () => {
  it('resumes after SIGKILL by polling the stored operations: one create per shot, one take per shot', async () => {
    const server = await startVertexContractServer({ renderMs: 2500, steps: 10 });
    let first: { proc: ChildProcess } | null = null;
    try {
      const dir = makeTempDir('vertex-crash');
      const settingsDir = path.join(dir, 'home');
      const store = await ProjectStore.create(dir, { name: 'Crash', size: '1280x720' });
      for (const prompt of ['The lamp turns.', 'A ship on the horizon.', 'Rain on the window.']) {
        store.shots.add(undefined, { title: prompt, prompt, seconds: 4, provider: 'vertex', model: 'veo-3.1-fast-generate-001', size: '1280x720' });
      }
      const projectDir = store.dir;
      const dbFile = path.join(projectDir, 'project.db');
      store.close();
      const env = {
        GOOGLE_CLOUD_PROJECT: server.project,
        GOOGLE_CLOUD_LOCATION: 'us-central1',
        GOOGLE_APPLICATION_CREDENTIALS: writeExternalAccountFile(server, path.join(dir, 'credentials')),
        GOOGLE_VERTEX_BASE_URL: server.baseUrl,
      };

      const a = runQueueChild(projectDir, settingsDir, 'start', env);
      first = a;
      // Concurrency 2 (the default): two operations started and polling, the third still queued.
      await waitFor('two operation names in the store', () => jobRows(dbFile).filter((j) => j.remote_id).length === 2);
      a.proc.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const atKill = jobRows(dbFile);
      expect(atKill.filter((j) => j.status === 'running' && j.remote_id?.startsWith('projects/shotline-test/locations/us-central1/'))).toHaveLength(2);
      expect(atKill.filter((j) => j.status === 'queued' && !j.remote_id)).toHaveLength(1);
      expect(server.billed).toHaveLength(2);

      const b = runQueueChild(projectDir, settingsDir, 'resume', env);
      expect(await b.exited, b.err()).toBe(0);
      expect((JSON.parse(b.out()) as Array<{ status: string }>).map((j) => j.status)).toEqual(['done', 'done', 'done']);

      const creates = server.requests.filter((r) => r.path.endsWith(':predictLongRunning'));
      expect(creates.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(server.billed).toHaveLength(3);
      // The resumed operations were polled by name, not created again.
      const resumedNames = atKill.filter((j) => j.remote_id).map((j) => j.remote_id!);
      for (const name of resumedNames) expect(server.billed.filter((bill) => bill.operation === name)).toHaveLength(1);
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
