/**
 * Progress events stay narrow: a burst of job updates for one shot changes that card's status
 * and nothing the timeline reads (the shot list, the takes, the selection), so the timeline
 * and the other cards do not re-render; typing in the inspector during the burst is kept.
 */
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { FakeClient, fakeId } from './fake-client';
import { renderApp } from './render-app';

function job(shotId: string, fields: Partial<Job>): Job {
  return {
    id: fakeId(), kind: 'generate', shotId, elementId: null, provider: 'animatic', model: 'animatic', status: 'running', progress: 0,
    remoteId: null, takeId: null, parentTakeId: null, estimateUsd: 0, attempts: 1, message: '', waitingFor: null,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...fields,
  };
}

describe('progress events', () => {
  it('touch only the card of their shot, and typing in the inspector carries on', async () => {
    const client = new FakeClient().withProject(['One', 'Two', 'Three']);
    const { store, user } = renderApp(client);
    await screen.findByTestId('shot-editor');
    const before = store.getState();
    const jobs = client.shots.slice(0, 2).map((s) => job(s.id, {}));
    const title = screen.getByTestId('shot-title');
    await user.click(title);

    const burst = (from: number, to: number) =>
      act(() => {
        for (let tick = from; tick <= to; tick++) for (const j of jobs) client.emit('job.updated', { ...j, progress: tick / 25 });
      });
    burst(1, 12);
    const after = store.getState();
    // What the timeline subscribes to is untouched by progress.
    expect(after.shots).toBe(before.shots);
    expect(after.takesById).toBe(before.takesById);
    expect(after.selectedShotId).toBe(before.selectedShotId);
    expect(after.past).toEqual([]);

    // Typing between bursts keeps every letter.
    for (let tick = 13; tick <= 25; tick += 3) {
      burst(tick, Math.min(25, tick + 2));
      await user.keyboard('x');
    }
    const cards = screen.getAllByTestId('shot-card');
    expect(within(cards[0]!).getByTestId('shot-card-status').textContent).toBe('Rendering 100%');
    expect(within(cards[1]!).getByTestId('shot-card-status').textContent).toBe('Rendering 100%');
    expect(within(cards[2]!).getByTestId('shot-card-status').textContent).toBe('No take');
    expect(title).toHaveProperty('value', 'Onexxxxx');
  });
});
