/** `shotline import <dir> <shotlist.json>`: adds a shot list's elements and shots to a project. */
import path from 'node:path';
import type { CliCommand } from '../command';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a shot-list JSON file into a project.',
  usage: 'shotline import <dir> <shotlist.json>',
  help: [
    '<dir> is the project folder (ending in .shotline). The shot list\u2019s elements and shots are',
    'added after the existing ones and its style replaces the project style, all in one',
    'transaction; images (paths relative to the JSON file) are copied into the project.',
    'If anything is wrong, nothing is changed and the problem is named.',
    '',
    'Example: shotline import Lighthouse.shotline examples/lighthouse/shots.json',
  ].join('\n'),
  options: {},
  positionals: ['dir', 'shotlist.json'],
  async run({ positionals, io }) {
    // Loaded here, not at the top, so `--help` and usage errors start fast.
    const { importShotlist } = await import('../../services/shotlist-import');
    const { ProjectStore } = await import('../../store/project-store');
    const store = await ProjectStore.open(path.resolve(io.cwd, positionals[0]!));
    try {
      const file = path.resolve(io.cwd, positionals[1]!);
      const result = await importShotlist(store, file);
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      io.out(
        `Imported ${result.shotsAdded} shot${result.shotsAdded === 1 ? '' : 's'} and ${result.elementsAdded} element${result.elementsAdded === 1 ? '' : 's'} ` +
          `(${result.imagesImported} image${result.imagesImported === 1 ? '' : 's'})` +
          (result.scenesAdded ? ` in ${result.scenesAdded} scene${result.scenesAdded === 1 ? '' : 's'}` : '') +
          ` from ${path.basename(file)} into ${store.dir}.`,
      );
    } finally {
      store.close();
    }
  },
};
