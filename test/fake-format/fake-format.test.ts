/**
 * The measure of "export is a set of formats": a format registered in a test (only an
 * ExportFormat object, through the composition root's overrides) is listed by export.formats,
 * runs as an export job with progress and cancel, and is exported from the CLI with its own
 * option flags.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportFormatInfo } from '../../shared/contract/export';
import type { ExportJob } from '../../shared/domain';
import { runCli } from '../../main/cli/main';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';
import { makeTestApp, ok } from '../helpers/test-app';
import { shotTextFormat } from './shot-text-format';

afterAll(cleanupTempDirs);

describe('an export format registered as one object', () => {
  it('is listed, runs as a job with progress, and cancels leaving nothing', async () => {
    const t = makeTestApp({ overrides: { exportFormats: [shotTextFormat(40)], progressIntervalMs: 0 } });
    await t.app.workspace.create({ name: 'Formats', parentDir: t.root });
    for (const prompt of ['A door opens.', 'Rain.', 'A gull.', 'Night.', 'Dawn.']) t.store.shots.add(undefined, { prompt });

    const formats = ok<ExportFormatInfo[]>(await t.call('export.formats'));
    expect(formats.map((f) => f.id)).toEqual(['mp4', 'contact-sheet', 'pdf', 'csv', 'edl', 'fcpxml', 'xmeml', 'otio', 'mlt', 'fountain', 'shot-text']);
    expect(formats.find((f) => f.id === 'shot-text')!.fields.map((f) => f.key)).toEqual(['shout', 'bullet']);

    const outPath = path.join(t.root, 'list.txt');
    const job = ok<ExportJob>(await t.call('export.start', { format: 'shot-text', outPath, options: { bullet: 'star' } }));
    const done = await t.project.exports.wait(job.id);
    expect(done).toMatchObject({ format: 'shot-text', status: 'done', progress: 1, message: `Wrote 5 lines to ${outPath}.` });
    expect(fs.readFileSync(outPath, 'utf8')).toBe('* 1. A door opens.\n* 2. Rain.\n* 3. A gull.\n* 4. Night.\n* 5. Dawn.\n');
    const progress = t.events.filter((e) => e.name === 'export.progress' && (e.payload as ExportJob).id === job.id).map((e) => (e.payload as ExportJob).progress);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // Its options are checked against its own fields.
    expect((await t.call('export.start', { format: 'shot-text', outPath, options: { bullet: 'arrow' } })).error?.message).toMatch(/options\.bullet/);

    const second = path.join(t.root, 'cancelled.txt');
    const running = ok<ExportJob>(await t.call('export.start', { format: 'shot-text', outPath: second }));
    await new Promise((r) => setTimeout(r, 60));
    ok(await t.call('export.cancel', { id: running.id }));
    expect((await t.project.exports.wait(running.id)).status).toBe('cancelled');
    expect(fs.existsSync(second)).toBe(false);
    await t.app.dispose();
  });

  it('is exported from the CLI with flags derived from its fields', async () => {
    const root = makeTempDir('format cli');
    process.env.SHOTLINE_HOME = path.join(root, 'home');
    const io = { out: () => {}, err: () => {}, cwd: root };
    const overrides = { exportFormats: [shotTextFormat(0)] };
    try {
      fs.writeFileSync(path.join(root, 'shots.json'), JSON.stringify({ shots: [{ prompt: 'a quiet harbour' }, { prompt: 'the lamp turns' }] }));
      expect(await runCli(['new', 'F.shotline'], io)).toBe(0);
      expect(await runCli(['import', 'F.shotline', 'shots.json'], io)).toBe(0);
      expect(await runCli(['export', 'F.shotline', '--format', 'shot-text', '--out', 'list.txt', '--shout', '--bullet', 'star'], io, overrides)).toBe(0);
      expect(fs.readFileSync(path.join(root, 'list.txt'), 'utf8')).toBe('* 1. A QUIET HARBOUR\n* 2. THE LAMP TURNS\n');
      let err = '';
      const code = await runCli(['export', 'F.shotline', '--format', 'tiff', '--out', 'x.tiff'], { ...io, err: (t) => (err += t) }, overrides);
      expect(code).toBe(2);
      expect(err).toMatch(/--format must be one of mp4, contact-sheet, pdf, csv, edl, fcpxml, xmeml, otio, mlt, fountain, shot-text, not "tiff"/);
    } finally {
      delete process.env.SHOTLINE_HOME;
    }
  });
});
