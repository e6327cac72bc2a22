import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
// The repo's own eslint.config.js, exactly as `npm run lint` uses it.
const eslint = new ESLint({ cwd: repo });

async function cycleErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'shotline/no-folder-cycle').map((m) => m.message);
}

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules (renderer -> shared <- main)', () => {
  it('shared/ may not import Node built-ins', async () => {
    expect(await importErrors('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await importErrors('shared/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
  });

  it('shared/ may not import electron, React or main/', async () => {
    expect(await importErrors('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('shared/x.ts', "import { useState } from 'react';\nexport const a = useState;\n")).toHaveLength(1);
    expect(await importErrors('shared/contract/x.ts', "import { x } from '../../main/errors';\nexport const a = x;\n")).toHaveLength(1);
  });

  it('shared/ may import its own modules and zod', async () => {
    expect(await importErrors('shared/x.ts', "import { z } from 'zod';\nimport { calls } from './contract';\nexport const a = [z, calls];\n")).toEqual([]);
  });

  it('renderer/ may not import main/, Node or electron', async () => {
    expect(await importErrors('renderer/x.ts', "import x from '../main/y';\nexport const a = x;\n")).toHaveLength(1);
    expect(await importErrors('renderer/ui/x.tsx', "import x from '../../main/services/app-session';\nexport const a = x;\n")).toHaveLength(1);
    expect(await importErrors('renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await importErrors('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await importErrors('renderer/x.ts', "import { calls } from '../shared/contract';\nexport const a = calls;\n")).toEqual([]);
  });

  it('electron is refused in main/ services but allowed in main/shell/ and main/preload.ts', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await importErrors('main/services/x.ts', code)).toHaveLength(1);
    expect(await importErrors('main/hosts/dev-host/x.ts', code)).toHaveLength(1);
    expect(await importErrors('main/media-access/x.ts', code)).toHaveLength(1);
    expect(await importErrors('main/shell/x.ts', code)).toEqual([]);
    expect(await importErrors('main/preload.ts', code)).toEqual([]);
  });

  it('main/ may not import renderer/', async () => {
    expect(await importErrors('main/services/x.ts', "import x from '../../renderer/ui/app';\nexport const a = x;\n")).toHaveLength(1);
  });

  it('an import cycle between two folders of main/ fails lint, naming the way back', async () => {
    // generation/ already imports store/ (the queue reads jobs): store/ importing generation/ closes a loop.
    const back = await cycleErrors('main/store/x.ts', "import { JobQueue } from '../generation/job-queue';\nexport const a = JobQueue;\n");
    expect(back).toHaveLength(1);
    expect(back[0]).toMatch(/main\/store imports main\/generation, but main\/generation already depends on main\/store \(generation\/[a-z-]+\.ts -> store/);
    // A dynamic import counts too.
    expect(await cycleErrors('main/media/x.ts', "export const load = () => import('../app/compose');\n")).toHaveLength(1);
    // Downward imports are the layering working as meant.
    expect(await cycleErrors('main/generation/x.ts', "import { ProjectStore } from '../store/project-store';\nexport const a = ProjectStore;\n")).toEqual([]);
    expect(await cycleErrors('main/app/x.ts', "import { JobQueue } from '../generation/job-queue';\nexport const a = JobQueue;\n")).toEqual([]);
  });
});
