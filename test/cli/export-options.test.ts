/** The export flags derived from the formats' fields, as `shotline export` and `render` read them. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../main/cli/command';
import { cliExportFormats, exportOptionsFor, parseExportOptions } from '../../main/cli/commands/export-options';

const formats = cliExportFormats();
const parse = (values: Record<string, string | boolean>) => parseExportOptions({ out: 'film.mp4', ...values }, '/films', formats);

describe('export flags from format fields', () => {
  it('offers a flag per field of every format', () => {
    expect(Object.keys(exportOptionsFor(formats)).sort()).toEqual([
      'burn-in', 'contents', 'duck', 'duck-db', 'fill-missing', 'format', 'frames-per-page', 'loudnorm', 'music-db', 'out', 'paper', 'takes-db', 'temp-db', 'transition', 'transition-seconds', 'voice-db',
    ]);
    // The sound track's levels, in dB (negative numbers included).
    expect(parse({ 'music-db': '-6', 'takes-db': '3', duck: true }).options).toEqual({ musicDb: -6, takesDb: 3, duck: true });
    expect(() => parse({ 'voice-db': '40' })).toThrow(/--voice-db must be a number from -60 to 12/);
  });

  it('reads transitions as people write them, a choice with its seconds', () => {
    expect(parse({ transition: 'cut' }).options).toEqual({ transition: 'cut' });
    expect(parse({ transition: 'dissolve:0.5' }).options).toEqual({ transition: 'dissolve', transitionSeconds: 0.5 });
    expect(parse({ transition: 'dip:1', 'burn-in': true }).options).toEqual({ transition: 'dip', transitionSeconds: 1, burnIn: true });
    expect(parse({ transition: 'dissolve', 'transition-seconds': '2' }).options).toEqual({ transition: 'dissolve', transitionSeconds: 2 });
    expect(parse({}).outPath).toBe('/films/film.mp4');
  });

  it('refuses what no field allows, naming the flag and what it takes', () => {
    for (const bad of ['wipe', 'dissolve:-1', 'dip:abc', 'cut:2', 'dissolve:60', 'dissolve:']) {
      expect(() => parse({ transition: bad }), bad).toThrow(UsageError);
    }
    expect(() => parse({ transition: 'wipe' })).toThrow(/--transition must be own, cut, dissolve:SECONDS or dip:SECONDS \(SECONDS from 0.04 to 10\), not "wipe"/);
    expect(() => parse({ 'transition-seconds': '99' })).toThrow(/--transition-seconds must be a number from 0.04 to 10/);
    expect(() => parseExportOptions({ out: 'film.mov' }, '/films', formats)).toThrow(/--out must end in \.mp4 for --format mp4/);
    expect(() => parseExportOptions({ out: 'sheet.mp4', format: 'contact-sheet' }, '/films', formats)).toThrow(/\.png/);
  });
});
