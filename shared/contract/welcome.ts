/** Contract calls of the first-run welcome screen. */
import { z } from 'zod';
import { call } from './define';
import type { ProjectSnapshot } from './projects';

export const welcomeCalls = {
  'projects.openExample': call<ProjectSnapshot>()(
    z.strictObject({}),
    'Copies the bundled example project (Lighthouse: shots, characters, reference images) into a new project in the projects folder and opens it. The shipped example is never changed.',
  ),
} as const;
