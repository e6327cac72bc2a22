import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { importReferenceImage } from '../../main/media/import-reference';
import { UserError } from '../../main/errors';
import { cleanupTempDirs, makeImage, makeTempDir, truncateFile, writeOversizedPngHeader } from '../helpers/make-media';

afterAll(cleanupTempDirs);

function refsIn(projectDir: string): string[] {
  const dir = path.join(projectDir, 'media', 'refs');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).code).toBe('invalid_input');
  return error as UserError;
}

describe('importReferenceImage', () => {
  it('stores a PNG under media/refs by content hash and reports its size', async () => {
    const project = makeTempDir('refs');
    const src = await makeImage(path.join(project, 'my ref.png'), { width: 64, height: 48, color: '#ff0000' });
    const ref = await importReferenceImage(project, { path: src }, 'contain');
    expect(ref.path).toMatch(/^media\/refs\/[0-9a-f]{16}\.png$/);
    expect(ref).toMatchObject({ name: 'my ref.png', fit: 'contain', width: 64, height: 48 });
    const meta = await sharp(path.join(project, ref.path)).metadata();
    expect(meta.format).toBe('png');

    // Same content again (as bytes this time): same file, no second copy, a new reference id.
    const again = await importReferenceImage(project, { bytes: fs.readFileSync(src), name: 'copy.png' });
    expect(again.path).toBe(ref.path);
    expect(again.id).not.toBe(ref.id);
    expect(again.fit).toBe('cover');
    expect(refsIn(project)).toEqual([path.basename(ref.path)]);
  });

  it('decides the format by content: a JPEG named .png is stored as .jpg', async () => {
    const project = makeTempDir('refs');
    const src = await makeImage(path.join(project, 'liar.png'), { format: 'jpeg' });
    const ref = await importReferenceImage(project, { path: src });
    expect(ref.path).toMatch(/\.jpg$/);
    expect((await sharp(path.join(project, ref.path)).metadata()).format).toBe('jpeg');
  });

  it('turns the image upright by EXIF orientation and strips metadata', async () => {
    const project = makeTempDir('refs');
    // Orientation 6 = rotate 90 degrees clockwise to display: 64x48 stored becomes 48x64 shown.
    const src = await makeImage(path.join(project, 'phone.jpg'), { width: 64, height: 48, format: 'jpeg', orientation: 6 });
    expect((await sharp(src).metadata()).orientation).toBe(6);
    const ref = await importReferenceImage(project, { path: src });
    expect([ref.width, ref.height]).toEqual([48, 64]);
    const meta = await sharp(path.join(project, ref.path)).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
  });

  it('accepts WebP', async () => {
    const project = makeTempDir('refs');
    const src = await makeImage(path.join(project, 'w.webp'), { format: 'webp' });
    expect((await importReferenceImage(project, { path: src })).path).toMatch(/\.webp$/);
  });

  it('refuses bad input with the file name and a reason, leaving nothing behind', async () => {
    const project = makeTempDir('refs');
    const gif = await makeImage(path.join(project, 'anim.gif'), { format: 'gif' });
    expect((await refusal(importReferenceImage(project, { path: gif }))).message).toMatch(/"anim\.gif" is a GIF image; only PNG, JPEG and WebP/);

    const text = path.join(project, 'notes.png');
    fs.writeFileSync(text, 'this is not an image\n');
    expect((await refusal(importReferenceImage(project, { path: text }))).message).toMatch(/"notes\.png" is not an image/);

    expect((await refusal(importReferenceImage(project, { bytes: new Uint8Array(0), name: 'empty.png' }))).message).toMatch(
      /"empty\.png" is empty/,
    );

    const huge = writeOversizedPngHeader(path.join(project, 'huge.png'), 30_000, 30_000);
    expect((await refusal(importReferenceImage(project, { path: huge }))).message).toMatch(/30000 x 30000 pixels.*40 MP limit/);

    const whole = await makeImage(path.join(project, 'whole.jpg'), { width: 400, height: 300, format: 'jpeg' });
    const cut = await truncateFile(whole, path.join(project, 'cut.jpg'), 0.4);
    expect((await refusal(importReferenceImage(project, { path: cut }))).message).toMatch(/"cut\.jpg" could not be decoded/);

    expect((await refusal(importReferenceImage(project, { path: path.join(project, 'missing.png') }))).message).toMatch(
      /does not exist/,
    );
    expect(refsIn(project)).toEqual([]);
  });
});
