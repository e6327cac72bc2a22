/**
 * Every export format Shotline has, in the order the dialog and `shotline export --help` list
 * them. To add one: a module exporting an `ExportFormat` (see ./export-format.ts) and a line here.
 */
import { UserError } from '../../errors';
import { contactSheetFormat } from './contact-sheet-format';
import { csvFormat } from './csv-format';
import { edlFormat } from './edl-format';
import type { ExportFormat } from './export-format';
import { fcpxmlFormat } from './fcpxml-format';
import { mltFormat } from './mlt-format';
import { fountainFormat } from './fountain-format';
import { mp4Format } from './mp4-format';
import { otioFormat } from './otio-format';
import { pdfFormat } from './pdf-format';
import { xmemlFormat } from './xmeml-format';

export const BUILT_IN_EXPORT_FORMATS: readonly ExportFormat[] = [mp4Format, contactSheetFormat, pdfFormat, csvFormat, edlFormat, fcpxmlFormat, xmemlFormat, otioFormat, mltFormat, fountainFormat];

/** The formats of one app (built-ins, plus any a test or benchmark registers). */
export class ExportFormats {
  private readonly byId = new Map<string, ExportFormat>();

  constructor(formats: readonly ExportFormat[] = BUILT_IN_EXPORT_FORMATS) {
    for (const format of formats) {
      if (this.byId.has(format.id)) throw new Error(`Two export formats are called "${format.id}".`);
      this.byId.set(format.id, format);
    }
  }

  list(): ExportFormat[] {
    return [...this.byId.values()];
  }

  get(id: string): ExportFormat {
    const format = this.byId.get(id);
    if (!format) throw new UserError('invalid_input', `There is no export format "${id}"; use one of ${[...this.byId.keys()].join(', ')}.`);
    return format;
  }
}
