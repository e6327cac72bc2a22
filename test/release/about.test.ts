/** The About text: versions, and which ffmpeg runs under which licence. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aboutInfo, BUNDLED_FFMPEG_LICENCE } from '../../main/release/about';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-about-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const base = { productName: 'Shotline', version: '0.3.0', versions: { electron: '45.5.0', chrome: '142.0.0.0', node: '22.20.0' } };

describe('aboutInfo', () => {
  it('names the GPL licence of the bundled ffmpeg and points at its licence file', () => {
    const dir = path.join(work, 'resources', 'ffmpeg', 'darwin-arm64');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'LICENSE.txt'), 'GNU GENERAL PUBLIC LICENSE');
    const info = aboutInfo({ ...base, ffmpeg: { ffmpeg: path.join(dir, 'ffmpeg'), ffprobe: path.join(dir, 'ffprobe'), source: 'bundled' }, ffmpegVersion: 'ffmpeg version 6.1.1 Copyright (c) 2000-2023' });
    expect(info.title).toBe('Shotline 0.3.0');
    expect(info.lines[0]).toBe('Shotline 0.3.0, MIT licence.');
    expect(info.lines[1]).toBe('Electron 45.5.0, Chromium 142.0.0.0, Node 22.20.0.');
    const text = info.lines.join('\n');
    expect(text).toContain('the copy bundled with Shotline');
    expect(text).toContain('(6.1.1 Copyright (c) 2000-2023)');
    expect(text).toContain(`GNU GPL (${BUNDLED_FFMPEG_LICENCE})`);
    expect(text).toContain('libx264');
    expect(info.ffmpegLicenceFile).toBe(path.join(dir, 'LICENSE.txt'));
  });

  it("a user's own ffmpeg keeps its own licence, and no bundled licence file is offered", () => {
    const info = aboutInfo({ ...base, ffmpeg: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' } });
    const text = info.lines.join('\n');
    expect(text).toContain('found on PATH, /usr/bin/ffmpeg');
    expect(text).not.toContain('bundled');
    expect(info.ffmpegLicenceFile).toBeNull();
  });

  it('says when no ffmpeg was found', () => {
    const info = aboutInfo({ ...base, versions: {}, ffmpeg: null });
    expect(info.lines).toContain('ffmpeg: not found. Install ffmpeg or set its path in Settings.');
    expect(info.lines[1]).toMatch(/^ffmpeg/);
  });
});
