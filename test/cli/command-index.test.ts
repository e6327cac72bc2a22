/**
 * The command list (main/cli/commands/index.ts) names each command and its one-line summary so
 * that `--version` and `--help` load no module; here every entry is checked against the module
 * it loads, so the two cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../main/cli/commands';

const commandsDir = path.resolve(import.meta.dirname, '../../main/cli/commands');

describe('the shotline command list', () => {
  it.each(commands.map((entry) => [entry.name, entry] as const))('%s: the entry names its module and repeats its summary', async (_name, entry) => {
    const command = await entry.load();
    expect(typeof command.run).toBe('function');
    expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
  });

  it('lists every *-command.ts module once', () => {
    const files = fs.readdirSync(commandsDir).filter((f) => f.endsWith('-command.ts'));
    expect(commands.map((c) => `${c.name}-command.ts`).sort()).toEqual(files.sort());
  });
});
