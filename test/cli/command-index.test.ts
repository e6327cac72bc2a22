/**
 * The command list (main/cli/commands/index.ts) repeats each command module's help and options
 * so that `--help`, `--version` and usage errors load no module; here every entry is checked
 * against the module it loads, so the two cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../main/cli/commands';

const commandsDir = path.resolve(import.meta.dirname, '../../main/cli/commands');

describe('the shotline command list', () => {
  it.each(commands.map((entry) => [entry.name, entry] as const))('%s: the entry repeats its module exactly', async (_name, entry) => {
    const { run, ...module } = await entry.load();
    const { load: _load, ...listed } = entry;
    expect(typeof run).toBe('function');
    expect(listed).toEqual(module);
  });

  it('lists every *-command.ts module once', () => {
    const files = fs.readdirSync(commandsDir).filter((f) => f.endsWith('-command.ts'));
    expect(commands.map((c) => `${c.name}-command.ts`).sort()).toEqual(files.sort());
  });
});
