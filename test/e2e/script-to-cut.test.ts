/**
 * From script to cutting room in Chromium, against the real app on the dev host: a Fountain
 * script dropped on the empty project becomes scenes (bands with their numbers and headings)
 * and shots with stable numbers; the free local animatic makes every shot's take; a WAV dropped
 * on the Music lane becomes a clip there; the export dialog writes the storyboard PDF and the
 * FCPXML hand-off. Real consumers read the outputs: pdftotext for the headings, shot numbers
 * and a line of dialogue; for the hand-off folder, fast-xml-parser and `xmllint --noout` for
 * the FCPXML (one asset-clip per shot with a marker naming its stable number, the script's
 * dissolve, the music as a connected audio clip at its place, every media path relative and
 * there) and ffprobe for the media it points at.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioClip, Scene, Shot } from '../../shared/domain';
import { pdfText } from '../export/pdf-readers';
import { LIGHTHOUSE } from '../fountain/lighthouse-script';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { docsScreenshotDir } from './chromium';
import { callApi, createProjectInPage, dropFiles, queueStates, startE2eHost, type E2eHost } from './e2e-host';

const run = promisify(execFile);
let e2e: E2eHost;

beforeAll(async () => {
  e2e = await startE2eHost('script-to-cut');
});

afterAll(async () => {
  await e2e?.close();
});

const call = <T>(name: string, input: unknown = {}) => callApi<T>(e2e.host, name, input);
const HEADINGS = ['EXT. CLIFF PATH - DAY', 'INT. LIGHTHOUSE - LAMP ROOM - DUSK', 'RADIO ROOM'];
/** Seconds of the music bed. */
const MUSIC_SECONDS = 3;

/** FCPXML time (`1001/24000s`, `2s`, `0s`) in seconds. */
function fcpSeconds(value: string): number {
  const m = /^(\d+)(?:\/(\d+))?s$/.exec(value);
  if (!m) throw new Error(`not an FCPXML time: ${value}`);
  return Number(m[1]) / Number(m[2] ?? 1);
}

async function ffprobe(file: string): Promise<{ streams: Array<{ codec_type: string }>; format: { duration: string } }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type:format=duration', '-of', 'json', file]);
  return JSON.parse(stdout) as { streams: Array<{ codec_type: string }>; format: { duration: string } };
}

/** Runs the export dialog's tab `format` with its suggested options; resolves with the path typed in it. */
async function exportFrom(page: Page, format: string): Promise<string> {
  await page.getByTestId(`export-tab-${format}`).click();
  await page.locator(`[data-testid="export-form"][data-format="${format}"]`).waitFor();
  const outPath = await page.getByTestId('export-path').inputValue();
  await page.getByTestId('export-start').click();
  await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
  return outPath;
}

type XmlAttrs = Record<string, string>;
/** A spine clip as fast-xml-parser reads it: its attributes, connected clips and markers. */
type SpineClip = XmlAttrs & { 'asset-clip'?: XmlAttrs[]; marker?: XmlAttrs[] };

describe('from a Fountain script to a cut', () => {
  it('drops a script, makes its takes, adds music, and exports the storyboard PDF and the FCPXML hand-off', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await createProjectInPage(page, e2e.host.url, 'Keeper');
    await page.getByTestId('timeline-empty').waitFor();

    // 1. The script dropped on the empty timeline, one shot per line of action.
    await dropFiles(page, '[data-testid="timeline-empty"]', [{ name: 'keeper.fountain', type: 'text/plain', text: LIGHTHOUSE }]);
    await page.getByTestId('import-script').waitFor();
    await page.getByTestId('script-split-line').check();
    await expect.poll(() => page.getByTestId('script-preview').textContent()).toContain('3 scenes, 4 shots');
    await page.getByTestId('script-import-submit').click();
    await page.getByTestId('import-script').waitFor({ state: 'detached' });

    // Its scenes as bands, its shots numbered in them, as main has them.
    await expect.poll(() => page.getByTestId('shot-card').count()).toBe(4);
    await expect.poll(() => page.getByTestId('scene-heading').allTextContents()).toEqual(HEADINGS);
    expect(await page.getByTestId('scene-number').allTextContents()).toEqual(['1', '2', '3']);
    expect(await page.getByTestId('shot-card-number').allTextContents()).toEqual(['1A', '1B', '2A', '3A']);
    const scenes = await call<Scene[]>('scenes.list');
    expect(scenes.map((s) => s.heading)).toEqual(HEADINGS);
    let shots = await call<Shot[]>('shots.list');
    expect(shots.map((s) => s.number)).toEqual(['1A', '1B', '2A', '3A']);
    expect(shots.map((s) => scenes.findIndex((c) => c.id === s.sceneId))).toEqual([0, 0, 1, 2]);
    expect(shots[2]!.dialogue).toContain('Someone had to.');

    // 2. The takes: the animatic is free and local, so Generate starts at once.
    await page.getByTestId('generate-missing').click();
    await expect.poll(() => queueStates(page), { timeout: 30_000 }).toEqual(['done', 'done', 'done', 'done']);
    await expect.poll(async () => (await call<Shot[]>('shots.list')).every((s) => s.selectedTakeId !== null)).toBe(true);
    shots = await call<Shot[]>('shots.list');

    // 3. A music bed dropped a quarter of the way along the Music lane.
    const wav = path.join(e2e.tmp, 'Harbour theme.wav');
    await run('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${MUSIC_SECONDS}`, '-ac', '2', '-c:a', 'pcm_s16le', wav]);
    const area = (await page.getByTestId('lane-music').locator('.sound-lane-area').boundingBox())!;
    await dropFiles(page, '[data-testid="lane-music"]', [{ name: 'Harbour theme.wav', type: 'audio/wav', base64: fs.readFileSync(wav).toString('base64') }], {
      clientX: area.x + area.width / 4,
    });
    const musicClip = page.getByTestId('lane-music').getByTestId('audio-clip');
    await musicClip.waitFor({ timeout: 20_000 });
    expect(await musicClip.textContent()).toContain('Harbour theme');
    await expect.poll(async () => (await call<AudioClip[]>('audio.list')).length).toBe(1);
    const [music] = await call<AudioClip[]>('audio.list');
    expect(music!.track).toBe('music');
    if (music!.placement.kind !== 'sequence') throw new Error(`the dropped music is placed ${music!.placement.kind}, not on the sequence`);
    const musicStart = music!.placement.startSeconds;
    expect(musicStart).toBeGreaterThan(1);

    // The README's picture: scene bands, the shots' takes, the music clip under them.
    await page.getByTestId('lane-music').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(docsScreenshotDir(REPO_ROOT), 'script-to-cut.png') });

    // 4. The storyboard PDF, read back by pdftotext: every heading, shot number and a dialogue line.
    await page.getByTestId('open-export').click();
    const pdfPath = await exportFrom(page, 'pdf');
    expect(pdfPath.endsWith('.pdf')).toBe(true);
    const text = (await pdfText(pdfPath)).replace(/\s+/g, ' ');
    for (const heading of HEADINGS) expect(text).toContain(heading);
    for (const s of shots) expect(text).toMatch(new RegExp(`(^|\\s)${s.number}\\s`));
    expect(text).toContain('Someone had to.');

    // 5. The FCPXML hand-off: a folder named after the file, the file and its media in it.
    const outPath = await exportFrom(page, 'fcpxml');
    expect(outPath.endsWith('.fcpxml')).toBe(true);
    const folder = outPath.slice(0, -'.fcpxml'.length);
    const file = path.join(folder, path.basename(outPath));
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(outPath)).toBe(false);
    await run('xmllint', ['--noout', file]);

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['asset', 'asset-clip', 'marker', 'transition'].includes(name) }).parse(
      fs.readFileSync(file, 'utf8'),
    ) as { fcpxml: { version: string; resources: { asset: Array<XmlAttrs & { 'media-rep': XmlAttrs }> }; library: { event: { project: { sequence: XmlAttrs & { spine: { 'asset-clip'?: SpineClip[]; transition?: XmlAttrs[] } } } } } } };
    expect(Number(xml.fcpxml.version)).toBeGreaterThanOrEqual(1.1);
    const assets = new Map(xml.fcpxml.resources.asset.map((a) => [a.id, a]));
    // Every media path is relative, inside the folder, and a file ffprobe reads.
    for (const a of assets.values()) {
      const src = a['media-rep'].src!;
      expect(src).toMatch(/^media\//);
      expect(fs.existsSync(path.join(folder, decodeURIComponent(src)))).toBe(true);
    }
    const sequence = xml.fcpxml.library.event.project.sequence;
    const spineClips = sequence.spine['asset-clip'] ?? [];
    // One asset-clip per shot, in order, each on a take with picture.
    expect(spineClips.map((c) => c.name)).toEqual(shots.map((s) => s.title));
    for (const [i, c] of spineClips.entries()) {
      const media = path.join(folder, decodeURIComponent(assets.get(c.ref!)!['media-rep'].src!));
      expect((await ffprobe(media)).streams.map((s) => s.codec_type)).toContain('video');
      // Each clip's marker carries its shot's stable number, title and prompt.
      expect(c.marker?.map((m) => [m.value, m.note])).toEqual([[`Shot ${shots[i]!.number}: ${shots[i]!.title}`, shots[i]!.prompt]]);
    }
    // The script's DISSOLVE TO: (after scene 1) is the one Cross Dissolve; SMASH CUT TO: is a cut.
    expect((sequence.spine.transition ?? []).map((t) => t.name)).toEqual(['Cross Dissolve']);

    // The music as a connected audio clip under the picture, where it was dropped, its whole length.
    const connected = spineClips.flatMap((host) => (host['asset-clip'] ?? []).map((clip) => ({ host, clip })));
    expect(connected, 'the music bed should reach the FCPXML as a connected clip').toHaveLength(1);
    const { host, clip } = connected[0]!;
    expect(Number(clip.lane)).toBeLessThan(0);
    const musicAsset = assets.get(clip.ref!)!;
    expect(musicAsset.hasVideo).toBe('0');
    expect(musicAsset.hasAudio).toBe('1');
    const musicFile = path.join(folder, decodeURIComponent(musicAsset['media-rep'].src!));
    const probed = await ffprobe(musicFile);
    expect(probed.streams.map((s) => s.codec_type)).toEqual(['audio']);
    expect(Number(probed.format.duration)).toBeCloseTo(MUSIC_SECONDS, 1);
    const recordStart = fcpSeconds(host.offset!) + fcpSeconds(clip.offset!) - fcpSeconds(host.start!);
    const fps = (await call<{ project: { format: { fps: { num: number; den: number } } } }>('projects.current')).project.format.fps;
    const oneFrame = fps.den / fps.num;
    expect(Math.abs(recordStart - musicStart)).toBeLessThanOrEqual(oneFrame);
    expect(Math.abs(fcpSeconds(clip.duration!) - MUSIC_SECONDS)).toBeLessThanOrEqual(oneFrame);

    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
