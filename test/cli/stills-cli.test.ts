/**
 * `shotline stills` as a child process on a two-shot project, offline: each shot gets the free
 * local still (a PNG at the shot's size, its path printed on stdout), `--shot` picks one and refuses a number past the end, and a paid provider without
 * its key is refused before anything is sent.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBundle } from '../helpers/cli-bundle';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

function shotline(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No provider keys from the machine running the tests.
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/API_KEY|API_SECRET|FAL_KEY/.test(k)));
    execFile(process.execPath, [cliBundle, ...args], { env: { ...clean, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let project: string;

beforeAll(async () => {
  const dir = makeTempDir('stills cli');
  const list = { name: 'Pier', size: '640x360', fps: 24, shots: [{ title: 'Pier', prompt: 'Wide: the pier at night', seconds: 2 }, { title: 'Lamp', prompt: 'Close: the lamp', seconds: 2 }] };
  fs.writeFileSync(path.join(dir, 'shots.json'), JSON.stringify(list));
  project = path.join(dir, 'Pier.shotline');
  const created = await shotline(['new', project, '--size', '640x360']);
  expect(created.code, created.stderr).toBe(0);
  const made = await shotline(['import', project, path.join(dir, 'shots.json')]);
  expect(made.code, made.stderr).toBe(0);
}, 60_000);

describe('shotline stills', () => {
  it('makes the free local still of every shot and prints where each is', async () => {
    const run = await shotline(['stills', project]);
    expect(run.code, run.stderr).toBe(0);
    const files = run.stdout.trim().split('\n').map((line) => line.replace(/^#\d+ \w+: /, ''));
    expect(run.stdout).toMatch(/^#1 Pier: .*\n#2 Lamp: /);
    for (const file of files) {
      const meta = await sharp(file).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 640, 360]);
    }
  });

  it('--shot picks one shot, and a number past the end is a usage error', async () => {
    const one = await shotline(['stills', project, '--shot', '2']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    const past = await shotline(['stills', project, '--shot', '9']);
    expect(past.code).not.toBe(0);
    expect(past.stderr).toContain('--shot 9: the project has 2 shots');
  });

  it('refuses a paid image model without its key, sending nothing', async () => {
    const run = await shotline(['stills', project, '--provider', 'openai', '--model', 'gpt-image-1.5:low', '--yes']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/openai cannot be used yet/i);
  });
});
