/**
 * Fuzzing the door every caller goes through (Electron IPC, the dev host and the CLI share it):
 * for every contract call, seeded random inputs its schema refuses — wrong types, huge strings,
 * deep nesting, NUL bytes, path traversal, prototype keys — each answered with a clear
 * `invalid_input` refusal that names the call and stays short, never an internal error, a throw
 * or an unhandled rejection. Inputs the schema would accept are left out: those run the handler
 * and are the business of each feature's own tests.
 *
 * `npm test` runs a short pass (SHOTLINE_FUZZ_RUNS, default 25 per call); `npm run hardening`
 * runs 500 per call. A failure prints its seed and path, so it replays exactly.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../shared/contract';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, type TestApp } from '../helpers/test-app';
import { reportFigures } from './figures';

const RUNS = Number(process.env.SHOTLINE_FUZZ_RUNS ?? 25);
const SEED = Number(process.env.SHOTLINE_FUZZ_SEED ?? 20261203);
/** A refusal is read by a person: it may quote the input's shape, never the input at length. */
const MAX_MESSAGE = 4000;

/** Strings meant to break something: traversal in several encodings, NULs, control bytes, huge. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '../../../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%252e%252e%252f',
    '/etc/passwd',
    'C:\\Windows\\System32',
    '\\\\server\\share\\x',
    'media/../../project.db',
    'media/refs/\0.png',
    'file:///etc/passwd',
    '\u202e\u0000\u0007\u001b[2J',
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.nat({ max: 3 }).map((k) => 'x'.repeat([100_001, 1_000_001, 5_000_000, 65_537][k]!)),
);

/** A value nested `depth` levels deep (objects and arrays alternating). */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { id: value, path: value };
  return value;
}

/** Anything at all, biased towards the shapes contract inputs have. */
const hostileInput = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
  hostileString,
  fc.nat({ max: 2 }).map((k) => nested([64, 4096, 100_000][k]!)),
  // Objects keyed like real inputs, with hostile values.
  fc.dictionary(
    fc.constantFrom('id', 'ids', 'path', 'dir', 'file', 'outPath', 'name', 'format', 'options', 'shotId', 'command', 'kind', 'patch', 'text', 'provider', 'model', '__proto__', 'constructor'),
    fc.oneof(hostileString, fc.anything({ maxDepth: 2 }), fc.constant(Number.NaN), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER * 4)),
    { maxKeys: 6 },
  ),
);

let t: TestApp;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  t = makeTestApp();
  await t.app.workspace.create({ parentDir: t.root, name: 'Fuzzed', size: '320x180', fps: { num: 24, den: 1 } });
  t.store.shots.add(null, { title: 'A shot to aim at', seconds: 2 });
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await t.app.dispose();
  cleanupTempDirs();
});

describe(`every contract call refuses hostile input (${RUNS} seeded cases per call)`, () => {
  const names = Object.keys(calls) as CallName[];

  it.each(names)('%s', async (name) => {
    const schema = calls[name].input;
    const refused = hostileInput.filter((input) => !schema.safeParse(input ?? {}).success);
    await fc.assert(
      fc.asyncProperty(refused, async (input) => {
        const answer = await t.dispatch(name, input);
        expect(answer.ok).toBe(false);
        if (answer.ok) return;
        expect(answer.error.code).toBe('invalid_input');
        expect(answer.error.message.startsWith(`${name}: `)).toBe(true);
        expect(answer.error.message.length).toBeLessThan(MAX_MESSAGE);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);

  it('refuses unknown and hostile call names without echoing them at length', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')), async (name) => {
        const answer = await t.dispatch(name as CallName, {});
        expect(answer.ok).toBe(false);
        if (!answer.ok) {
          expect(answer.error.code).toBe('invalid_input');
          expect(answer.error.message.length).toBeLessThan(200);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('left no unhandled rejection and no internal error in the log', () => {
    expect(unhandled).toEqual([]);
    expect(t.logs.filter((line) => line.includes('internal error'))).toEqual([]);
    reportFigures({ suite: 'fuzz: every contract call', inputs: RUNS * (names.length + 1), lost: 0, extra: { calls: names.length } });
  });
});
