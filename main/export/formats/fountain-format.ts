/** The project written back as a Fountain screenplay (shared/fountain/draft-to-fountain.ts). */
import { draftToFountain } from '../../../shared/fountain/draft-to-fountain';
import { projectToFountainSource } from '../../../shared/fountain/project-to-fountain';
import { UserError } from '../../errors';
import { writeFileAtomically } from '../../media/atomic-file';
import type { ExportFormat } from './export-format';

export const fountainFormat: ExportFormat = {
  id: 'fountain',
  label: 'Screenplay (Fountain)',
  description: 'Scenes and shots as a Fountain script: headings with scene numbers, action from the prompts, dialogue, transitions and notes. Needs no takes.',
  extension: '.fountain',
  fields: [],
  async run(context) {
    const { store } = context;
    const shots = store.shots.list();
    if (shots.length === 0) throw new UserError('conflict', 'The project has no shots. Add scenes and shots before exporting a script.');
    context.progress(0, null);
    const text = draftToFountain(projectToFountainSource(store.project.get().name, store.scenes.list(), shots, store.elements.list()));
    if (context.signal.aborted) throw new Error('cancelled');
    await writeFileAtomically(context.outPath, text);
    context.progress(1, 0);
    return `Wrote ${context.outPath} (${store.scenes.list().length} scenes, ${shots.length} shots).`;
  },
};
