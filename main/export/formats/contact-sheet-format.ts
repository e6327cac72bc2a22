/** The contact sheet: a PNG grid of the shots for sharing the storyboard at a glance. */
import type { ExportFormat } from './export-format';

export const contactSheetFormat: ExportFormat = {
  id: 'contact-sheet',
  label: 'Contact sheet (PNG)',
  description: 'One picture with a cell per shot: poster frame, number, title, length and the first line of the prompt.',
  extension: '.png',
  fields: [],
  async run(context) {
    const { writeContactSheet } = await import('../contact-sheet');
    context.progress(0, null);
    const result = await writeContactSheet(context.sequence, { tools: context.tools, fontFile: context.fonts.regular, outPath: context.outPath, signal: context.signal });
    return `Wrote ${result.outPath} (${result.shots} shots, ${result.width}x${result.height}).`;
  },
};
