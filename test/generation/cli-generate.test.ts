/**
 * `shotline estimate` and `shotline generate` as a user runs them: the real CLI in a child
 * process (no terminal), key and base URL from the environment, against the OpenAI contract
 * server, with the full ingest.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { startOpenAiContractServer, type OpenAiContractServer } from '../contract-servers/openai-server';
import { cliBundle } from '../helpers/cli-bundle';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

const root = path.resolve(import.meta.dirname, '../..');
const KEY = 'sk-shotline-cli-test-key-77aa11bb';
let server: OpenAiContractServer;
let projectDir: string;
let home: string;

beforeAll(async () => {
  server = await startOpenAiContractServer({ apiKey: KEY, renderMs: 100, steps: 2 });
  const dir = makeTempDir('cli-generate');
  home = path.join(dir, 'home');
  const store = await ProjectStore.create(dir, { name: 'Cli', size: '320x180' });
  store.shots.add(undefined, { title: 'Lamp', prompt: 'The lamp turns.', seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720' });
  store.shots.add(undefined, { title: 'Sea', prompt: 'The sea at night.', seconds: 4, provider: 'openai', model: 'sora-2', size: '1280x720' });
  projectDir = store.dir;
  store.close();
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

function shotline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', SHOTLINE_HOME: home, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };
  return new Promise((resolve) => {
    execFile(process.execPath, [cliBundle, ...args], { cwd: root, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const creates = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos');

describe('shotline estimate / generate', () => {
  it('estimates, refuses to spend without --yes or over --budget, then generates once', async () => {
    const estimate = await shotline(['estimate', projectDir]);
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(estimate.stdout).toMatch(/Lamp.*openai\/sora-2.*\$0\.40/);
    expect(estimate.stdout).toContain('Total: $0.80');

    const noYes = await shotline(['generate', projectDir]);
    expect(noYes.code).toBe(1);
    expect(noYes.stderr).toMatch(/\$0\.80.*--yes/);
    const overBudget = await shotline(['generate', projectDir, '--yes', '--budget', '0.5']);
    expect(overBudget.code).toBe(1);
    expect(overBudget.stderr).toMatch(/\$0\.80.*\$0\.50 limit/);
    expect(server.requests).toHaveLength(0);

    const run = await shotline(['generate', projectDir, '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Made 2 takes');
    expect(run.stderr).toMatch(/#1 Lamp: done/);
    expect(creates()).toHaveLength(2);
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);

    server.requests.length = 0;
    const again = await shotline(['generate', projectDir, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to generate');
    expect(server.requests).toHaveLength(0);

    const store = await ProjectStore.open(projectDir);
    try {
      expect(store.shots.list().every((s) => s.selectedTakeId)).toBe(true);
    } finally {
      store.close();
    }
  }, 180_000);
});
