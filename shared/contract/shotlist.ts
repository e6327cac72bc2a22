/** Contract call for importing a shot-list JSON file (format: shared/shotlist.ts). */
import { z } from 'zod';
import { call } from './define';
import type { ProjectSnapshot } from './projects';

/** An absolute file path (POSIX `/...`, Windows `C:\...` or a UNC `\\server\...`). */
export const AbsoluteFilePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain a NUL character')
  .refine((s) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(s), 'must be an absolute path to the shot-list file');

export const shotlistCalls = {
  'shotlist.import': call<ProjectSnapshot>()(
    z.strictObject({ path: AbsoluteFilePath }),
    'Imports a shot-list JSON file into the open project (elements, shots, style) in one transaction; images are copied into the project.',
  ),
} as const;
