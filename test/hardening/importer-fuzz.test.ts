/**
 * Fuzzing the importers with mutated files: a Fountain screenplay, a JSON shot list and a
 * reference image (PNG, JPEG, WebP), each broken in seeded random ways (bytes flipped, cut short,
 * lines repeated or dropped, syntax characters sprinkled in). Every case ends in either an
 * import or a clear refusal (the importer's own error with a message), never another exception;
 * a refused shot list or image changes nothing: the same shots, no new file in media/.
 *
 * `npm test` runs a short pass (SHOTLINE_FUZZ_RUNS, default 25 per importer); `npm run
 * hardening` runs 500. A failure prints its seed and the mutation, so it replays exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../main/errors';
import { importShotlist } from '../../main/services/shotlist-import';
import { FountainError, parseFountain } from '../../shared/fountain/parse-fountain';
import { scriptToDraft } from '../../shared/fountain/script-to-draft';
import { LIGHTHOUSE } from '../fountain/lighthouse-script';
import { cleanupTempDirs, makeImage, makeTempDir } from '../helpers/make-media';
import { reportFigures } from './figures';
import { makeTestApp, type TestApp } from '../helpers/test-app';

const RUNS = Number(process.env.SHOTLINE_FUZZ_RUNS ?? 25);
const SEED = Number(process.env.SHOTLINE_FUZZ_SEED ?? 20261203);

/** One edit to a byte string: flip, insert, delete, repeat a stretch, or cut the end off. */
const byteEdit = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 256 }), times: fc.integer({ min: 2, max: 20 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);
type ByteEdit = typeof byteEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(source: Uint8Array, edits: readonly ByteEdit[]): Buffer {
  let b = Buffer.from(source);
  for (const e of edits) {
    const at = Math.min(b.length, Math.floor(e.at * b.length));
    if (e.kind === 'flip' && b.length) b[Math.min(at, b.length - 1)] = e.value;
    else if (e.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(e.bytes), b.subarray(at)]);
    else if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.length)]);
    else if (e.kind === 'repeat') b = Buffer.concat([b.subarray(0, at), ...Array.from({ length: e.times }, () => b.subarray(at, at + e.length)), b.subarray(at)]);
    else if (e.kind === 'truncate') b = b.subarray(0, at);
  }
  return b;
}

/** Fountain's syntax characters, placed where they change what a line means. */
const FOUNTAIN_BITS = ['[[', ']]', '/*', '*/', '~', '^', '#', '##', '=', '>', '<', '===', '.', '!', '@', '(', ')', '\n\n', '\t', '\0', '\uFEFF', 'INT. ', 'CUT TO:', ':', '*', '_'];
const fountainText = fc
  .array(fc.oneof(byteEdit.map((e) => ({ bytes: e })), fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...FOUNTAIN_BITS) })), { minLength: 1, maxLength: 12 })
  .map((edits) => {
    let text = LIGHTHOUSE;
    for (const edit of edits) {
      if ('text' in edit) {
        const at = Math.floor(edit.at * text.length);
        text = text.slice(0, at) + edit.text + text.slice(at);
      } else text = applyEdits(Buffer.from(text, 'utf8'), [edit.bytes]).toString('utf8');
    }
    return text;
  });

let t: TestApp;
let work: string;
let png: Buffer;
let jpeg: Buffer;
let webp: Buffer;

beforeAll(async () => {
  t = makeTestApp();
  work = makeTempDir('importer fuzz');
  await t.app.workspace.create({ parentDir: t.root, name: 'Fuzzed imports', size: '320x180', fps: { num: 24, den: 1 } });
  t.store.shots.add(null, { title: 'Target', seconds: 2 });
  png = fs.readFileSync(await makeImage(path.join(work, 'a.png'), { format: 'png' }));
  jpeg = fs.readFileSync(await makeImage(path.join(work, 'a.jpg'), { format: 'jpeg' }));
  webp = fs.readFileSync(await makeImage(path.join(work, 'a.webp'), { format: 'webp' }));
}, 60_000);

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

const refsIn = () => {
  const dir = path.join(t.store.dir, 'media', 'refs');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

describe(`importers with mutated files (${RUNS} seeded cases each)`, () => {
  it('a Fountain screenplay: a draft or a FountainError, nothing else', () => {
    fc.assert(
      fc.property(fountainText, fc.constantFrom('paragraph' as const, 'line' as const, 'scene' as const), (text, split) => {
        try {
          const draft = scriptToDraft(parseFountain(text), { split });
          expect(Array.isArray(draft.scenes)).toBe(true);
        } catch (error) {
          if (!(error instanceof FountainError)) throw error;
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a JSON shot list: imported, or refused with nothing changed', async () => {
    const valid = Buffer.from(
      JSON.stringify({
        name: 'Fuzz',
        elements: [{ name: 'Mara', kind: 'character', description: 'a keeper' }],
        scenes: [{ heading: 'EXT. CLIFF - DAY', shots: [{ title: 'Walk', prompt: '@Mara walks', seconds: 3, references: ['a.png'] }, { prompt: 'The beam', continue: true }] }],
      }),
    );
    // The unmutated file imports (so the refusals below are the mutations' doing).
    fs.writeFileSync(path.join(work, 'list.json'), valid);
    const before = t.store.shots.list().length;
    await importShotlist(t.store, path.join(work, 'list.json'));
    expect(t.store.shots.list().length).toBe(before + 2);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(byteEdit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const file = path.join(work, `list-${n++}.json`);
        fs.writeFileSync(file, applyEdits(valid, edits));
        const shots = t.store.shots.list().length;
        const refs = refsIn();
        try {
          await importShotlist(t.store, file);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          expect(error.message.length).toBeGreaterThan(10);
          expect(t.store.shots.list().length).toBe(shots);
          expect(refsIn()).toEqual(refs);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);

  it('a reference image (PNG, JPEG, WebP): added, or refused with a message and no file left', async () => {
    const shotId = t.store.shots.list()[0]!.id;
    for (const [kind, bytes] of [['png', png], ['jpeg', jpeg], ['webp', webp]] as const) {
      const answer = await t.call('references.add', { target: { kind: 'shot', id: shotId }, files: [{ name: `clean.${kind}`, dataBase64: bytes.toString('base64') }] });
      expect(answer.ok, answer.error?.message).toBe(true);
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('png', 'jpeg', 'webp'), fc.array(byteEdit, { minLength: 1, maxLength: 4 }), async (kind, edits) => {
        const source = kind === 'png' ? png : kind === 'jpeg' ? jpeg : webp;
        const refs = refsIn();
        const answer = await t.call('references.add', { target: { kind: 'shot', id: shotId }, files: [{ name: `frame.${kind}`, dataBase64: applyEdits(source, edits).toString('base64') }] });
        if (!answer.ok) {
          expect(answer.error!.code).not.toBe('internal');
          expect(answer.error!.message.length).toBeGreaterThan(10);
          expect(refsIn()).toEqual(refs);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(t.logs.filter((line) => line.includes('internal error'))).toEqual([]);
    reportFigures({ suite: 'fuzz: importers (Fountain, shot list, PNG/JPEG/WebP)', inputs: 3 * RUNS, lost: 0 });
  }, 120_000);
});
