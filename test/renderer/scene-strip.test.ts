/** The timeline strip with scene heads (pure layout: what the virtualiser lists). */
import { describe, expect, it } from 'vitest';
import { newScene } from '../../shared/defaults';
import type { Shot } from '../../shared/domain';
import { sortShots } from '../../renderer/state/shot-order';
import { buildStrip } from '../../renderer/timeline/timeline-layout';
import { makeShot } from './fake-client';

const scene = (id: string, orderKey: string, number: string, collapsed = false) =>
  newScene({ id, orderKey, number, now: '2026-01-01T00:00:00.000Z' }, { collapsed });

const shotIn = (sceneId: string, orderKey: string, title: string, seconds = 2): Shot => ({ ...makeShot(orderKey, { title, seconds }), sceneId });

describe('the timeline strip', () => {
  const one = scene('s1', 'a0', '1');
  const two = scene('s2', 'a1', '2');
  // Keys out of film order across scenes: the scene order decides.
  const shots = sortShots([shotIn('s2', 'a0', 'd', 3), shotIn('s1', 'a5', 'b'), shotIn('s1', 'a2', 'a'), shotIn('s2', 'a9', 'e')], [two, one]);

  it('sorts shots by scene, then by key within the scene', () => {
    expect(shots.map((s) => s.title)).toEqual(['a', 'b', 'd', 'e']);
  });

  it('puts each scene head before its shots, with the count and running time', () => {
    const strip = buildStrip(shots, [one, two], () => null);
    expect(strip.items.map((i) => (i.kind === 'scene' ? `[${i.scene.number} ${i.shotCount} ${i.seconds}s]` : i.shot.title))).toEqual(['[1 2 4s]', 'a', 'b', '[2 2 5s]', 'd', 'e']);
    expect(strip.itemOfShot).toEqual([1, 2, 4, 5]);
  });

  it('leaves a folded scene with its head only, and shows an empty scene as a head', () => {
    const empty = scene('s3', 'a2', '3');
    const strip = buildStrip(shots, [scene('s1', 'a0', '1', true), two, empty], (shot) => (shot.title === 'd' ? 1.5 : null));
    expect(strip.items.map((i) => (i.kind === 'scene' ? `[${i.scene.number} ${i.shotCount} ${i.seconds}s]` : i.shot.title))).toEqual(['[1 2 4s]', '[2 2 5s]', 'd', 'e', '[3 0 0s]']);
    // Folded shots have no item (the playhead and scrolling skip them).
    expect(strip.itemOfShot).toEqual([-1, -1, 2, 3]);
  });

  it('shows shots of a scene it does not know at the end, without a head', () => {
    const strip = buildStrip(shots, [one], () => null);
    expect(strip.items.map((i) => (i.kind === 'scene' ? `[${i.scene.number}]` : i.shot.title))).toEqual(['[1]', 'a', 'b', 'd', 'e']);
  });
});
