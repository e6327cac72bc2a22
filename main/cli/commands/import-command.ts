/**
 * `shotline import <dir> <file>`: a shot-list JSON file, or a Fountain screenplay (`.fountain`),
 * into a project. A script into a project that does not exist yet makes a new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringOption, UsageError, type CliCommand } from '../command';

const SPLITS = ['paragraph', 'line', 'scene'] as const;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a shot-list JSON file or a Fountain script into a project.',
  usage: 'shotline import <dir> <shotlist.json|script.fountain> [--shots paragraph|line|scene] [--dry-run]',
  help: [
    '<dir> is the project folder (ending in .shotline). The shot list\u2019s elements and shots are',
    'added after the existing ones and its style replaces the project style, all in one',
    'transaction; images (paths relative to the JSON file) are copied into the project.',
    'If anything is wrong, nothing is changed and the problem is named.',
    '',
    'A .fountain screenplay becomes scenes (from the scene headings), shots (from the action)',
    'with their dialogue and notes, and a character element for every speaker. When <dir> does',
    'not exist, a project is created there (named after the title page\u2019s Title when <dir> does',
    'not end in .shotline). Into a project that already has shots, the script is re-imported:',
    'scenes are matched by heading and number and shots by text and position, the changes are',
    'listed, and shots that have takes are never deleted.',
    '',
    'Options (scripts):',
    '  --shots MODE    paragraph: a shot per action paragraph (default); line: a shot per line',
    '                  of action; scene: one shot per scene',
    '  --dry-run       list what would change and change nothing',
    '',
    'Examples: shotline import Lighthouse.shotline examples/lighthouse/shots.json',
    '          shotline import ~/films the-last-keeper.fountain --shots line',
  ].join('\n'),
  options: { shots: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: ['dir', 'shotlist.json|script.fountain'],
  async run({ positionals, values, io }) {
    const file = path.resolve(io.cwd, positionals[1]!);
    const target = path.resolve(io.cwd, positionals[0]!);
    // Loaded here, not at the top, so `--help` and usage errors start fast.
    const { ProjectStore } = await import('../../store/project-store');
    if (/\.(fountain|spmd|txt)$/i.test(file)) {
      const split = stringOption(values, 'shots') ?? 'paragraph';
      if (!(SPLITS as readonly string[]).includes(split)) throw new UsageError(`--shots must be one of ${SPLITS.join(', ')} (got "${split}").`);
      const { applyFountain, previewFountain, readFountainFile } = await import('../../services/fountain-import');
      const { parseFountain } = await import('../../../shared/fountain/parse-fountain');
      const { PROJECT_SUFFIX } = await import('../../store/project-folder');
      const text = await readFountainFile(file);
      let store;
      if (fs.existsSync(target)) store = await ProjectStore.open(target);
      else {
        const exact = target.endsWith(PROJECT_SUFFIX);
        let title: string | null = null;
        try {
          title = parseFountain(text).title;
        } catch {
          // The import below names the problem with the file's name.
        }
        const name = (exact ? path.basename(target, PROJECT_SUFFIX) : (title ?? path.basename(file).replace(/\.[^.]+$/, ''))).replace(/[\\/:*?"<>|\0]/g, '-').replace(/^\.+/, '').slice(0, 200);
        store = await ProjectStore.createAt(exact ? target : path.join(target, `${name}${PROJECT_SUFFIX}`), { name });
        io.out(`Created project "${name}" at ${store.dir}.`);
      }
      try {
        const mode = split as (typeof SPLITS)[number];
        const source = path.basename(file);
        const preview = values['dry-run'] === true ? previewFountain(store, text, mode, source) : applyFountain(store, text, mode, source).preview;
        for (const warning of preview.warnings) io.err(`warning: ${warning}`);
        if (preview.fresh) {
          io.out(
            `Imported ${preview.scenes} scene${preview.scenes === 1 ? '' : 's'}, ${preview.shots} shot${preview.shots === 1 ? '' : 's'} and ` +
              `${preview.characters.length} character${preview.characters.length === 1 ? '' : 's'} from ${source} into ${store.dir}.`,
          );
        } else {
          for (const line of preview.lines) io.out(line);
          const c = preview.counts;
          io.out(
            `${values['dry-run'] === true ? 'Would re-import' : 'Re-imported'} ${source}: scenes +${c.scenesAdded} -${c.scenesRemoved} renamed ${c.scenesRenamed}; ` +
              `shots +${c.shotsAdded} ~${c.shotsChanged} -${c.shotsRemoved}${c.shotsKeptForTakes ? `, ${c.shotsKeptForTakes} kept for their takes` : ''}.`,
          );
        }
      } finally {
        store.close();
      }
      return;
    }
    if (values.shots !== undefined || values['dry-run'] !== undefined) throw new UsageError('--shots and --dry-run are for Fountain scripts (.fountain).');
    const { importShotlist } = await import('../../services/shotlist-import');
    const store = await ProjectStore.open(target);
    try {
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
