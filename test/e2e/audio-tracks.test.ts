/**
 * The sound track in Chromium against the real app on the dev host: a WAV made here is dropped
 * on the Music lane (a real DataTransfer drop) and shows there as a clip; the sequence plays and
 * the clip's <audio> element advances with it (served by the media route from the project
 * folder); the clip is dragged along its lane, its gain typed in its panel, duplicated and the
 * copy undone; a temp voice is spoken from the shot's dialogue onto the Voice-over lane; the MP4
 * export carries the music, measured in the file with ffmpeg's astats.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioClip } from '../../shared/domain';
import { REPO_ROOT } from '../helpers/dev-host-process';
import { callApi, createProjectInPage, dropFiles, startE2eHost, type E2eHost } from './e2e-host';

const run = promisify(execFile);
let e2e: E2eHost;

beforeAll(async () => {
  e2e = await startE2eHost('audio-tracks');
});

afterAll(async () => {
  await e2e?.close();
});

/** RMS (dB FS) of the band around `hz` in the file's sound. */
async function bandDb(file: string, hz: number): Promise<number> {
  const band = Array.from({ length: 4 }, () => `bandpass=f=${hz}:width_type=q:w=4`).join(',');
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-vn', '-af', `atrim=start=0.2:end=1.8,${band},astats=measure_perchannel=none`, '-f', 'null', '-']);
  const m = /RMS level dB:\s*(-?[\d.]+|-inf)/.exec(stderr)!;
  return m[1] === '-inf' ? -200 : Number(m[1]);
}

describe('audio lanes in the app', () => {
  it('drops a sound on the Music lane, plays it with the picture, and exports it mixed', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await createProjectInPage(page, e2e.host.url, 'Sound check');
    await page.getByTestId('add-first-shot').click();
    await page.getByTestId('shot-card').first().click();
    await page.getByTestId('shot-seconds').fill('2');
    await page.getByTestId('shot-seconds').blur();
    await page.getByTestId('sound-track').waitFor();

    const wav = path.join(e2e.tmp, 'bed.wav');
    await run('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'sine=f=1000:r=44100:d=3', '-ac', '2', '-c:a', 'pcm_s16le', wav]);
    await dropFiles(page, '[data-testid="lane-music"]', [{ name: 'bed.wav', type: 'audio/wav', base64: fs.readFileSync(wav).toString('base64') }]);
    const clip = page.getByTestId('lane-music').getByTestId('audio-clip');
    await clip.waitFor({ timeout: 20_000 });
    expect(await clip.textContent()).toContain('bed');
    expect(await page.getByTestId('lane-voice').getByTestId('audio-clip').count()).toBe(0);

    // A refused drop says why, on the spot.
    await dropFiles(page, '[data-testid="lane-voice"]', [{ name: 'notes.wav', type: 'audio/wav', base64: Buffer.from('not a sound at all').toString('base64') }]);
    await expect.poll(() => page.getByTestId('sound-error').textContent(), { timeout: 10_000 }).toMatch(/not a sound file/);

    // Play: the clip's audio element advances with the sequence.
    const element = page.getByTestId('audio-clip-element');
    await element.waitFor({ state: 'attached' });
    await page.getByTestId('player-toggle').click();
    await expect.poll(() => element.evaluate((a) => (a as HTMLAudioElement).currentTime), { timeout: 10_000 }).toBeGreaterThan(0.3);
    expect(await element.evaluate((a) => (a as HTMLAudioElement).paused)).toBe(false);
    await expect.poll(() => page.getByTestId('player-toggle').textContent(), { timeout: 10_000 }).toMatch(/Play/);

    // Select it and lower it by 6 dB in its panel (one edit main applies).
    await clip.click();
    await page.getByTestId('audio-clip-gain').fill('-6');
    await page.getByTestId('audio-clip-gain').press('Enter');
    const clipsInMain = () => callApi<AudioClip[]>(e2e.host, 'audio.list');
    await expect.poll(async () => (await clipsInMain())[0]?.gainDb).toBe(-6);

    // Dragged right along its lane: one move, its start now later in main.
    const box = (await clip.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => {
      const placement = (await clipsInMain())[0]?.placement;
      return placement?.kind === 'sequence' ? placement.startSeconds : 0;
    }).toBeGreaterThan(0.2);
    await page.getByTestId('undo').click();
    await expect.poll(async () => ((await clipsInMain())[0]?.placement as { startSeconds: number }).startSeconds).toBe(0);

    // Duplicate places it again after itself; one undo takes the copy away.
    await page.getByTestId('audio-clip-duplicate').click();
    await expect.poll(() => page.getByTestId('lane-music').getByTestId('audio-clip').count()).toBe(2);
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('lane-music').getByTestId('audio-clip').count()).toBe(1);
    await expect.poll(async () => (await clipsInMain()).length).toBe(1);

    // Temp voice: the shot's dialogue spoken offline, on the Voice-over lane, marked TEMP.
    await page.getByTestId('shot-dialogue').fill('Mara: It is still turning.');
    await page.getByTestId('shot-dialogue').blur();
    await page.getByTestId('temp-voice').click();
    const temp = page.getByTestId('lane-voice').getByTestId('audio-clip');
    await temp.waitFor({ timeout: 20_000 });
    expect(await temp.textContent()).toMatch(/^TEMP\s*TEMP VO: 1/);
    await temp.click();
    await page.getByTestId('audio-clip-delete').click();
    await expect.poll(() => page.getByTestId('lane-voice').getByTestId('audio-clip').count()).toBe(0);
    await page.getByTestId('lane-music').getByTestId('audio-clip').click();

    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'audio-tracks.png') });

    // Export: black slate for the shot (no take), the music in the sound.
    await page.getByTestId('open-export').click();
    await page.getByTestId('export-tab-mp4').click();
    const outPath = await page.getByTestId('export-path').inputValue();
    await page.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(fs.existsSync(outPath)).toBe(true);
    expect(await bandDb(outPath, 1000)).toBeGreaterThan(-40);
    expect(problems).toEqual([]);
    await page.close();
  });
});
