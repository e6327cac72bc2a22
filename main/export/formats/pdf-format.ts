/** The storyboard and the shot list on paper, as one PDF (main/export/print/pdf-writer.ts). */
import type { ChoiceField } from '../../../shared/contract/export';
import { FRAMES_PER_PAGE, type FramesPerPage, type Paper, type PrintContents } from '../../../shared/print/page-layout';
import { UserError } from '../../errors';
import type { ExportFormat } from './export-format';

const paper: ChoiceField = {
  kind: 'choice',
  key: 'paper',
  label: 'Paper',
  choices: [
    { value: 'a4', label: 'A4 landscape' },
    { value: 'letter', label: 'Letter landscape' },
  ],
  default: 'a4',
  help: 'A4 or US Letter, landscape',
};

const framesPerPage: ChoiceField = {
  kind: 'choice',
  key: 'framesPerPage',
  label: 'Frames per page',
  choices: FRAMES_PER_PAGE.map((n) => ({ value: String(n), label: String(n) })),
  default: '4',
  help: 'storyboard frames on each page',
};

const contents: ChoiceField = {
  kind: 'choice',
  key: 'contents',
  label: 'Print',
  choices: [
    { value: 'both', label: 'Storyboard and shot list' },
    { value: 'storyboard', label: 'Storyboard' },
    { value: 'shot-list', label: 'Shot list' },
  ],
  default: 'both',
  help: 'the storyboard, the shot list, or both',
};

export const pdfFormat: ExportFormat = {
  id: 'pdf',
  label: 'Storyboard and shot list (PDF)',
  description: 'Printable pages: the storyboard (frames with shot number, picture, camera, timing, action and dialogue) and a shot-list table.',
  extension: '.pdf',
  fields: [paper, framesPerPage, contents],
  async run(context, options) {
    const { sequence, store } = context;
    if (sequence.shots.length === 0) throw new UserError('conflict', 'The project has no shots, so there is nothing to print. Add shots first.');
    const [{ gatherPrintShots }, { writePdf }] = await Promise.all([import('../print/gather-print'), import('../print/pdf-writer')]);
    context.progress(0, null);
    const shots = gatherPrintShots(store, sequence);
    const project = store.project.get();
    const result = await writePdf(shots, {
      paper: options.paper as Paper,
      frames: Number(options.framesPerPage) as FramesPerPage,
      contents: options.contents as PrintContents,
      projectName: project.name,
      aspect: project.format.width / project.format.height,
      date: new Date(),
      fonts: context.fonts,
      outPath: context.outPath,
      signal: context.signal,
      onProgress: (fraction) => context.progress(fraction, null),
      log: context.log,
    });
    const drawn = result.placeholders ? `; ${result.placeholders} frame${result.placeholders === 1 ? '' : 's'} without a picture` : '';
    return `Wrote ${context.outPath} (${result.pages} page${result.pages === 1 ? '' : 's'}: ${shots.length} shots${drawn}).`;
  },
};
