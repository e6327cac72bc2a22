/** Sweeping unused media: done on its own when a project opens or closes; also a call. */
import { z } from 'zod';
import { call } from './define';

/** What a sweep removed (project-relative paths) and how many files it kept. */
export interface MediaSweepResult {
  removed: string[];
  kept: number;
}

export const mediaSweepCalls = {
  'media.sweepUnused': call<MediaSweepResult>()(
    z.strictObject({}),
    'Deletes reference images no shot, element, take or job names, and fitted previews of them (the undo history of removed references goes with it).',
  ),
} as const;
