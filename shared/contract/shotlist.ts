/** Contract call for importing a shot-list JSON file (format: shared/shotlist.ts). */
import { z } from 'zod';
import { call } from './define';
import { AbsolutePath } from './limits';
import type { ProjectSnapshot } from './projects';

/** The shot-list file's absolute path. */
export const AbsoluteFilePath = AbsolutePath;

export const shotlistCalls = {
  'shotlist.import': call<ProjectSnapshot>()(
    z.strictObject({ path: AbsoluteFilePath }),
    'Imports a shot-list JSON file into the open project (elements, shots, style) in one transaction; images are copied into the project.',
  ),
} as const;
