/** docs/models.md is the registry as shipped: a model added, retired or repriced without it fails here. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS_DOC } from '../../main/build/write-models-doc';
import { modelsTable } from '../../shared/registry/models-table';
import { shippedRegistry } from '../../shared/registry/registry';

describe('docs/models.md', () => {
  it('is written from the shipped registry (run npm run docs:models after editing a provider file)', () => {
    expect(fs.readFileSync(MODELS_DOC, 'utf8'), 'docs/models.md is stale: run npm run docs:models').toBe(modelsTable(shippedRegistry()));
  });

  it('lists every model once, with its price source and status', () => {
    const registry = shippedRegistry();
    const doc = modelsTable(registry);
    for (const m of registry.models) {
      const rows = doc.split('\n').filter((line) => line.startsWith(`| \`${m.model}\` `));
      expect(rows.length, m.model).toBeGreaterThanOrEqual(1);
      expect(rows.some((r) => r.includes(m.prices[0]!.source) && r.includes(m.status.state === 'active' ? 'active' : `retired ${m.status.state === 'retired' ? m.status.date : ''}`)), m.model).toBe(true);
    }
    const copy = structuredClone(registry);
    copy.models[0]!.prices = [{ sizes: ['*'], usdPerSecond: 9.99, source: 'provider' }];
    expect(modelsTable(copy)).toContain('9.99 $/s');
  });
});
