/**
 * The hosted release workflow, checked here because it can only run on GitHub: the file must
 * pass @action-validator (GitHub's workflow schema, offline: a WebAssembly build), and keep our
 * own invariants (the OS matrix, Node 22, secrets only through env, the smoke test after
 * packaging, the artifacts the update feed needs, the same ffmpeg packages fetch-ffmpeg pins).
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FFMPEG_PACKAGES } from '../../main/build/fetch-ffmpeg';

const repo = path.resolve(import.meta.dirname, '../..');
const file = path.join(repo, '.github/workflows/release.yml');
const text = fs.readFileSync(file, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string[];
  if?: string;
  container?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { matrix: { include: Array<Record<string, string>> } };
  steps: Step[];
}
const workflow = parse(text) as { on: { push: { tags: string[] } }; permissions: Record<string, string>; jobs: Record<string, Job> };
const build = workflow.jobs.build!;
const stepNamed = (job: Job, pattern: RegExp) => job.steps.filter((s) => pattern.test(s.name ?? ''));

const SECRETS = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

/** Every place a `secrets.` expression appears, as a path of keys. */
function secretUses(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return /\bsecrets\./.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretUses(v, [...at, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => secretUses(v, [...at, k]));
  return [];
}

describe('.github/workflows/release.yml', () => {
  it('passes @action-validator', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the validator does reject a broken workflow (so the check above can fail)', () => {
    const broken = text.replace('runs-on: ${{ matrix.os }}', 'runs_on: ${{ matrix.os }}').replace('tags: ["v*"]', 'tagz: ["v*"]');
    const errors = validateWorkflow(broken).errors.map((e) => ('path' in e ? e.path : e.title));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((p) => p.includes('/jobs/build'))).toBe(true);
  });

  it('runs on version tags', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('builds on macOS arm64, macOS x64 and Windows x64', () => {
    const matrix = build.strategy!.matrix.include.map((m) => [m.os, m.target, m.arch]);
    expect(matrix).toEqual([
      ['macos-14', 'mac', 'arm64'],
      ['macos-13', 'mac', 'x64'],
      ['windows-latest', 'win', 'x64'],
    ]);
    expect(build['runs-on']).toBe('${{ matrix.os }}');
  });

  it('uses Node 22 everywhere', () => {
    const setups = Object.values(workflow.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/setup-node@')));
    expect(setups.length).toBe(2);
    for (const s of setups) expect(s.with?.['node-version']).toBe(22);
    expect(workflow.jobs.test!.container).toBe('node:22-bookworm');
  });

  it('reads secrets only into environment variables of the same name, never inline in a script', () => {
    const uses = secretUses(workflow);
    expect(uses.map((p) => p.join('.')).sort()).toEqual(SECRETS.map((s) => `jobs.build.env.${s}`).sort());
    for (const name of SECRETS) expect(build.env![name]).toBe(`\${{ secrets.${name} }}`);
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toMatch(/secrets\./);
  });

  it('builds unsigned with a clear log line when the signing secrets are absent', () => {
    const [signing] = stepNamed(build, /^Signing/);
    expect(signing!.run).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(signing!.run).toMatch(/::warning::No signing certificate .*UNSIGNED/);
    expect(signing!.run).toMatch(/::warning::.*will NOT be notarised/);
  });

  it('tests, fetches ffmpeg, packages, smoke-tests and uploads, in that order', () => {
    const names = build.steps.map((s) => s.name ?? s.uses ?? '');
    const order = [/^Install dependencies/, /^Typecheck and lint/, /^Tests that run/, /^Fetch ffmpeg/, /^Build the installer/, /^Smoke test .*macOS/, /^Smoke test .*Windows/, /^Upload/];
    const positions = order.map((re) => names.findIndex((n) => re.test(n)));
    expect(positions.every((p) => p >= 0), names.join(' | ')).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(stepNamed(build, /^Build the installer/)[0]!.run).toBe('npm run dist:${{ matrix.target }} -- --${{ matrix.arch }}');
  });

  it('fetches the same ffmpeg packages main/build/fetch-ffmpeg.ts documents', () => {
    const fetch = stepNamed(build, /^Fetch ffmpeg/)[0]!.run!;
    expect(fetch).toContain(FFMPEG_PACKAGES.ffmpeg);
    expect(fetch).toContain(FFMPEG_PACKAGES.ffprobe);
    expect(fetch).toContain('main/build/fetch-ffmpeg.ts');
  });

  it('runs the packaged app with --smoke-test on each OS and fails on a bad report', () => {
    const [mac] = stepNamed(build, /^Smoke test .*macOS/);
    const [win] = stepNamed(build, /^Smoke test .*Windows/);
    expect(mac!.if).toBe("matrix.target == 'mac'");
    expect(mac!.run).toContain('Contents/MacOS/Shotline" --smoke-test');
    expect(win!.if).toBe("matrix.target == 'win'");
    expect(win!.run).toContain("dist\\win-unpacked\\Shotline.exe");
    expect(win!.run).toContain("'--smoke-test'");
    for (const step of [mac!, win!]) {
      expect(step.run).toContain('--smoke-test-report=');
      expect(step.run).toContain('if (!r.ok)');
    }
  });

  it('uploads installers, blockmaps and update feeds, and drafts the release from them', () => {
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const paths = String(upload.with!.path).trim().split('\n').map((p) => p.trim());
    expect(paths).toEqual(['dist/*.dmg', 'dist/*.zip', 'dist/*.exe', 'dist/*.blockmap', 'dist/latest*.yml']);
    const release = workflow.jobs.release!;
    expect(release.needs).toEqual(['test', 'build']);
    expect(release.permissions).toEqual({ contents: 'write' });
    const script = release.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('main/build/merge-update-feeds.ts release/latest-mac.yml');
    expect(script).toContain('gh release create "$GITHUB_REF_NAME" release/* --draft');
  });

  it('package.json has the dist scripts the workflow calls, rebuilding natives for Electron first', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['dist:prepare']).toContain('electron-builder install-app-deps');
    expect(scripts['dist:prepare']).toContain('npm run build:example');
    for (const name of ['dist', 'dist:mac', 'dist:win']) expect(scripts[name]).toMatch(/^npm run dist:prepare && electron-builder /);
    expect(scripts['dist:mac']).toContain('--mac');
    expect(scripts['dist:win']).toContain('--win');
    // Rebuilding for Electron happens in dist only, never at install time.
    expect(scripts.postinstall).toBeUndefined();
  });
});
