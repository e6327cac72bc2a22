/**
 * Unused media through the real dispatcher and the session lifecycle: a reference removed from a
 * shot stays while the project is open (undo can put it back) and goes when the project closes
 * or on `media.sweepUnused`; a file a take's stored request still names is kept, and so are the
 * fitted previews of references in use; stray files and previews of gone references go.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import type { ReferenceOwner } from '../../shared/contract/references';
import { newTake } from '../../shared/defaults';
import type { Dispatch } from '../../main/ipc/dispatch';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, type TestApp } from '../helpers/test-app';

let root: string;
let t: TestApp;
let dispatch: Dispatch;

async function ok<T>(name: Parameters<Dispatch>[0], input: unknown): Promise<T> {
  const result = (await dispatch(name, input)) as Envelope<T>;
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

/** A small PNG of one colour, as the page uploads it. */
async function png(name: string, color: string) {
  const bytes = await sharp({ create: { width: 32, height: 24, channels: 3, background: color } }).png().toBuffer();
  return { name, dataBase64: bytes.toString('base64') };
}

const exists = (dir: string, relative: string) => fs.existsSync(path.join(dir, relative));

beforeAll(() => {
  t = makeTestApp();
  root = t.root;
  dispatch = t.dispatch;
});

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('unused media', () => {
  it('keeps what rows name (a take’s request included), removes the rest, on the call and on close', async () => {
    const project = await ok<ProjectSnapshot>('projects.create', { name: 'Sweep', parentDir: root });
    const dir = project.path;
    const shot = project.shots[0] ?? (await ok<{ id: string }>('shots.add', { afterId: null }));
    const target = { kind: 'shot', id: shot.id };
    const owner = await ok<ReferenceOwner>('references.add', { target, files: [await png('a.png', '#ff0000'), await png('b.png', '#00ff00'), await png('c.png', '#0000ff')] });
    const [a, b, c] = owner.shot!.references;
    const previewA = await ok<{ path: string }>('references.preview', { target, referenceId: a!.id, size: '1280x720' });
    const previewB = await ok<{ path: string }>('references.preview', { target, referenceId: b!.id, size: '1280x720' });
    await ok('references.remove', { target, referenceId: b!.id });
    await ok('references.remove', { target, referenceId: c!.id });
    // Removed, yet still on disk while the project is open: undo can put them back.
    expect(exists(dir, b!.path) && exists(dir, c!.path)).toBe(true);

    // A take whose stored request names c: its inputs must survive.
    const image = { name: 'reference-1.png', mime: 'image/png' as const, width: 32, height: 24, sha256: 'c'.repeat(64) };
    const take = newTake({
      id: crypto.randomUUID(),
      shotId: shot.id,
      request: { provider: 'google', model: 'veo-3.1-fast-generate-001', prompt: 'x', seconds: 8, size: '1280x720', fps: { num: 24, den: 1 }, references: [{ ...image, file: c!.path }] },
      requestHash: 'h',
      durationSeconds: 8,
      files: { original: 'media/takes/t.mp4' },
      now: new Date().toISOString(),
    });
    t.store.takes.insert(take);
    fs.writeFileSync(path.join(dir, 'media/refs/stray.png'), 'x');
    fs.writeFileSync(path.join(dir, 'media/cache/fit/0123456789abcdef.png'), 'x');
    fs.writeFileSync(path.join(dir, 'media/refs/.import.1234.partial.png'), 'x');

    const swept = await ok<{ removed: string[]; kept: number }>('media.sweepUnused', {});
    expect([...swept.removed].sort()).toEqual([b!.path, previewB.path, 'media/cache/fit/0123456789abcdef.png', 'media/refs/stray.png'].sort());
    expect(exists(dir, a!.path) && exists(dir, c!.path) && exists(dir, previewA.path)).toBe(true);
    expect(exists(dir, b!.path) || exists(dir, previewB.path)).toBe(false);
    expect(exists(dir, 'media/refs/.import.1234.partial.png')).toBe(true); // an import in progress owns it

    // Closing sweeps too: a reference removed just before is gone once the project is closed.
    const late = (await ok<ReferenceOwner>('references.add', { target, files: [await png('d.png', '#ffffff')] })).shot!.references.at(-1)!;
    await ok('references.remove', { target, referenceId: late.id });
    expect(exists(dir, late.path)).toBe(true);
    await ok('projects.close', {});
    expect(exists(dir, late.path)).toBe(false);
    expect(exists(dir, a!.path) && exists(dir, c!.path)).toBe(true);

    // Opening sweeps what a crash left behind.
    fs.writeFileSync(path.join(dir, 'media/refs/after-crash.png'), 'x');
    await ok('projects.open', { path: dir });
    expect(exists(dir, 'media/refs/after-crash.png')).toBe(false);
    expect(exists(dir, a!.path)).toBe(true);
  });
});
