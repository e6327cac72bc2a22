/**
 * The renderer knows no provider by name: screens derive from the registry's descriptors (auth,
 * capabilities, billing, local). This fails when a provider id (every one the shipped registry
 * has, plus the pseudo-provider of imported clips) appears as a string literal in renderer code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedRegistry } from '../../shared/registry/registry';

const RENDERER = path.join(import.meta.dirname, '../../renderer');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.(ts|tsx)$/.test(entry.name) ? [file] : [];
  });
}

describe('renderer code', () => {
  it('names no provider id in a string', () => {
    const ids = [...Object.keys(shippedRegistry().providers), 'import'];
    const found: string[] = [];
    for (const file of sources(RENDERER)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const id of ids) {
        if (new RegExp(`['"\`]${id}['"\`]`).test(text)) found.push(`${path.relative(RENDERER, file)}: '${id}'`);
      }
    }
    expect(found).toEqual([]);
  });
});
