/** `shotline models` as a child process: the registry's models by provider, ready or not, as text and JSON. */
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../shared/registry/registry-schema';
import { cliBundle } from '../helpers/cli-bundle';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const home = makeTempDir('models cli');

function shotline(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/API_KEY|API_SECRET|FAL_KEY|COMFYUI/.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [cliBundle, ...args], { env: { ...clean, SHOTLINE_HOME: home, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('shotline models', () => {
  it('lists a provider’s models and says it is not ready without its key, and how to set it', async () => {
    const run = await shotline(['models', '--provider', 'runway']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Runway API \(runway\) — not ready: .* set RUNWAYML_API_SECRET\./);
    expect(run.stdout).toMatch(/\n {2}gen4\.5 +2 to 10 s in 1 s steps +12 credits\/s/);
    const ready = await shotline(['models', '--provider', 'runway'], { RUNWAYML_API_SECRET: 'key_0123456789abcdef' });
    expect(ready.stdout).toMatch(/^Runway API \(runway\) — ready\n/);
    expect(ready.stdout).not.toContain('key_0123456789abcdef');
  });

  it('leaves retired models out unless asked, and prints JSON entries', async () => {
    const active = await shotline(['models', '--provider', 'openai']);
    expect(active.stdout).not.toMatch(/\n {2}sora-2 /);
    const all = await shotline(['models', '--provider', 'openai', '--all']);
    expect(all.stdout).toMatch(/\n {2}sora-2 .*\[retired 2026-09-24, use veo-3\.1-generate-001\]/);
    const json = await shotline(['models', '--json']);
    const entries = JSON.parse(json.stdout) as ModelEntry[];
    expect(entries.some((m) => m.provider === 'comfyui' && m.model === 'flux1-schnell' && m.output === 'image')).toBe(true);
    expect(entries.every((m) => m.status.state === 'active')).toBe(true);
  });

  it('refuses an unknown provider, naming the known ones', async () => {
    const run = await shotline(['models', '--provider', 'nowhere']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/There is no provider "nowhere"; use one of animatic, openai/);
  });
});
