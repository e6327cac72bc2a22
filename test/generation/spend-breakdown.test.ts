/**
 * generation.spend through the real door on a real project file: totals per provider and per
 * shot from the ledger, each split into what the service reported it billed and what is still
 * Shotline's estimate; lines of a deleted shot sum under `deleted`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SpendReport } from '../../shared/contract/generation';
import { cleanupTempDirs } from '../helpers/make-media';
import { makeTestApp, ok } from '../helpers/test-app';

afterAll(cleanupTempDirs);

describe('spend by provider and by shot', () => {
  it('sums the ledger per provider and per shot, billed vs estimated', async () => {
    const t = makeTestApp();
    ok(await t.call('projects.create', { name: 'Spend', parentDir: t.root }));
    const a = ok<{ id: string }>(await t.call('shots.add', { fields: { title: 'A' } }));
    const b = ok<{ id: string }>(await t.call('shots.add', { fields: { title: 'B' } }));
    const ledger = t.store.ledger;
    const line = (shotId: string | null, provider: string, costUsd: number, jobId: string | null = null) =>
      ledger.record({ jobId, shotId, provider, model: 'm', size: '1280x720', seconds: 5, costUsd });
    line(a.id, 'runway', 0.6, 'job-1');
    // Runway later reports 50 credits at $0.01: the line becomes the service's figure.
    ledger.settle('job-1', 0.5, { amount: 50, unit: 'credits' });
    line(a.id, 'openai', 0.4);
    line(b.id, 'openai', 0.8);
    line(null, 'openai', 0.1);

    const report = ok<SpendReport>(await t.call('generation.spend'));
    expect(report.spend.spentUsd).toBeCloseTo(1.8, 9);
    expect(report.byProvider).toEqual([
      { key: 'openai', usd: expect.closeTo(1.3, 9), billedUsd: 0, estimatedUsd: expect.closeTo(1.3, 9), lines: 3, estimatedLines: 3 },
      { key: 'runway', usd: expect.closeTo(0.5, 9), billedUsd: expect.closeTo(0.5, 9), estimatedUsd: 0, lines: 1, estimatedLines: 0 },
    ]);
    expect(report.byShot).toEqual([
      { key: a.id, usd: expect.closeTo(0.9, 9), billedUsd: expect.closeTo(0.5, 9), estimatedUsd: expect.closeTo(0.4, 9), lines: 2, estimatedLines: 1 },
      { key: b.id, usd: expect.closeTo(0.8, 9), billedUsd: 0, estimatedUsd: expect.closeTo(0.8, 9), lines: 1, estimatedLines: 1 },
      { key: 'deleted', usd: expect.closeTo(0.1, 9), billedUsd: 0, estimatedUsd: expect.closeTo(0.1, 9), lines: 1, estimatedLines: 1 },
    ]);
  });

  it('answers empty totals for a project that has spent nothing, and no_project without one', async () => {
    const t = makeTestApp();
    expect((await t.call('generation.spend')).error?.code).toBe('no_project');
    ok(await t.call('projects.create', { name: 'Nothing', parentDir: t.root }));
    expect(ok<SpendReport>(await t.call('generation.spend'))).toMatchObject({ ledger: [], byProvider: [], byShot: [] });
  });
});
