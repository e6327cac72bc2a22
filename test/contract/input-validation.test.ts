/**
 * Every call of the contract, fed malformed input through the real dispatcher (AppSession +
 * createHandlers + createDispatch, a real project in a temp folder): unknown fields, wrong
 * types, oversized strings and arrays, and `..` in names and paths. Each must come back as
 * `invalid_input` naming the field, and nothing on disk may change. The cases are derived from
 * each call's zod schema, so calls added later are covered without editing this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import type { Dispatch } from '../../main/ipc/dispatch';
import { cleanupTempDirs } from '../helpers/make-media';
import { withRawDb } from '../helpers/raw-db';
import { makeTestApp, type TestApp } from '../helpers/test-app';

/** Longer than any string limit in the contract (MAX_TEXT is 20,000; paths 4,096). */
const OVERSIZED = 'x'.repeat(100_001);
/** Longer than any array limit in the contract (10,000 ids). */
const OVERSIZED_ARRAY_LENGTH = 20_001;
/** Values tried, in order, to find one a field refuses by type. */
const WRONG_TYPES: unknown[] = [12345, 'wrong-type', true, [1], { nested: 1 }];
const TRAVERSAL = '../x';


interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

/** The schema under optional/nullable/default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(def.type) && def.innerType) current = def.innerType;
    else return current;
  }
}

interface Leaf {
  path: string[];
  schema: z.ZodType;
}

/** Every field of an object schema, nested objects included, with its path. */
function leaves(schema: z.ZodType, prefix: string[] = []): Leaf[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type !== 'object' || !def.shape) return prefix.length ? [{ path: prefix, schema: inner }] : [];
  const own = prefix.length ? [{ path: prefix, schema: inner }] : [];
  return [...own, ...Object.entries(def.shape).flatMap(([key, child]) => leaves(child, [...prefix, key]))];
}

/** `{ a: { b: value } }` for path ['a', 'b']. */
function inputAt(pathParts: string[], value: unknown): Record<string, unknown> {
  return pathParts.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value) as Record<string, unknown>;
}

interface Case {
  label: string;
  input: unknown;
  /** What the message must contain. */
  names: string;
  leaf?: string[];
}

function casesFor(name: CallName): Case[] {
  const schema = calls[name].input as z.ZodType;
  const cases: Case[] = [
    { label: 'an unknown field', input: { __bogus: 1 }, names: '__bogus' },
    { label: 'a string instead of an object', input: 'not an object', names: 'input' },
    { label: 'an array instead of an object', input: [1, 2], names: 'input' },
  ];
  for (const leaf of leaves(schema)) {
    const field = leaf.path.join('.');
    const wrong = WRONG_TYPES.find((v) => !leaf.schema.safeParse(v).success);
    if (wrong !== undefined) cases.push({ label: `${field} of the wrong type`, input: inputAt(leaf.path, wrong), names: field, leaf: leaf.path });
    const type = defOf(leaf.schema).type;
    if (type === 'string') {
      cases.push({ label: `${field} oversized`, input: inputAt(leaf.path, OVERSIZED), names: field, leaf: leaf.path });
      if (/name|path|dir|file/i.test(leaf.path.at(-1)!)) {
        cases.push({ label: `${field} = "${TRAVERSAL}"`, input: inputAt(leaf.path, TRAVERSAL), names: field, leaf: leaf.path });
      }
    }
    if (type === 'array') {
      const big = Array.from({ length: OVERSIZED_ARRAY_LENGTH }, () => 'x');
      cases.push({ label: `${field} with ${OVERSIZED_ARRAY_LENGTH} items`, input: inputAt(leaf.path, big), names: field, leaf: leaf.path });
    }
    // A nested object with an unknown key: the message names where.
    if (type === 'object' && leaf.path.length > 0) {
      cases.push({ label: `${field} with an unknown field`, input: inputAt(leaf.path, { __bogus: 1 }), names: '__bogus', leaf: leaf.path });
    }
  }
  return cases;
}

/** Everything a call could change: every row of the project, the settings, the files. */
function snapshotState(root: string, t: TestApp): string {
  const store = t.store;
  const rows = withRawDb(
    store.dir,
    (db) => {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
      return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
    },
    { readonly: true },
  );
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/-(wal|shm)$/.test(entry.name)) files.push(`${path.relative(root, full)} ${fs.statSync(full).size}`);
    }
  };
  walk(root);
  return JSON.stringify({ open: store.dir, rows, settings: t.settings.get(), files: files.sort() });
}

let root: string;
let t: TestApp;
let dispatch: Dispatch;
let before: string;

beforeAll(async () => {
  t = makeTestApp();
  root = t.root;
  dispatch = t.dispatch;
  const created = await dispatch('projects.create', { name: 'Guarded', parentDir: root });
  expect(created.ok).toBe(true);
  // Some content, so "unchanged" is a real check.
  const shot = (await dispatch('shots.add', { fields: { title: 'One', prompt: 'Wide: @Mara walks' } })) as Envelope<{ id: string }>;
  expect(shot.ok).toBe(true);
  expect((await dispatch('elements.add', { kind: 'character', name: 'Mara' })).ok).toBe(true);
  before = snapshotState(root, t);
});

afterAll(async () => {
  await t.app.dispose();
  cleanupTempDirs();
});

describe('every contract call refuses malformed input and changes nothing', () => {
  const names = Object.keys(calls) as CallName[];

  it('covers every call, including ones added later', () => {
    expect(names.length).toBeGreaterThanOrEqual(17);
    expect(names).toContain('shotlist.import');
  });

  it.each(names)('%s', async (name) => {
    const failures: string[] = [];
    for (const c of casesFor(name)) {
      const result = await dispatch(name, c.input);
      if (result.ok) {
        failures.push(`${c.label}: accepted`);
        continue;
      }
      if (result.error.code !== 'invalid_input') failures.push(`${c.label}: code ${result.error.code} (${result.error.message})`);
      else if (!result.error.message.includes(c.names)) failures.push(`${c.label}: message does not name "${c.names}": ${result.error.message.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(snapshotState(root, t)).toBe(before);
  });

  it('calls without input accept {} (and only {})', () => {
    for (const name of names) {
      const schema = calls[name].input as z.ZodType;
      if (leaves(schema).length > 0) continue;
      expect(schema.safeParse({}).success, name).toBe(true);
      expect(schema.safeParse({ x: 1 }).success, name).toBe(false);
    }
  });

  it('unknown call names are refused', async () => {
    const result = await dispatch('shots.explode', {});
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Unknown call "shots.explode"') } });
  });
});

describe('field messages a person can act on', () => {
  it('names nested fields with their path', async () => {
    const result = await dispatch('shots.update', { id: '7d0c5d4e-2f59-4a8b-9c1e-000000000001', patch: { seconds: 'four' } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/patch\.seconds: .*expected number/);
  });

  it('refuses a project name that would leave its folder', async () => {
    for (const name of ['../x', '..', 'a/b', '.hidden']) {
      const result = await dispatch('projects.create', { name, parentDir: root });
      expect(result.ok, name).toBe(false);
      expect(!result.ok && result.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('name:') });
    }
    expect(snapshotState(root, t)).toBe(before);
  });
});
