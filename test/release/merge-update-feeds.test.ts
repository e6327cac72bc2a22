/** Merging the two macOS update feeds (arm64 and x64 runners) into one latest-mac.yml. */
import { describe, expect, it } from 'vitest';
import { mergeFeeds } from '../../main/build/merge-update-feeds';

const x64 = `version: 0.2.0
files:
  - url: Shotline-0.2.0-mac-x64.zip
    sha512: AAA
    size: 100
  - url: Shotline-0.2.0-mac-x64.dmg
    sha512: BBB
    size: 120
path: Shotline-0.2.0-mac-x64.zip
sha512: AAA
releaseDate: '2026-11-26T10:00:00.000Z'
`;
const arm64 = `version: 0.2.0
files:
  - url: Shotline-0.2.0-mac-arm64.zip
    sha512: CCC
    size: 90
path: Shotline-0.2.0-mac-arm64.zip
sha512: CCC
releaseDate: '2026-11-26T10:05:00.000Z'
`;

describe('mergeFeeds', () => {
  it('lists every file of both architectures, keeping the first feed as the default', () => {
    const merged = mergeFeeds([
      { name: 'x64/latest-mac.yml', text: x64 },
      { name: 'arm64/latest-mac.yml', text: arm64 },
    ]);
    expect(merged.version).toBe('0.2.0');
    expect(merged.files.map((f) => f.url)).toEqual(['Shotline-0.2.0-mac-x64.zip', 'Shotline-0.2.0-mac-x64.dmg', 'Shotline-0.2.0-mac-arm64.zip']);
    expect(merged.path).toBe('Shotline-0.2.0-mac-x64.zip');
    expect(merged.sha512).toBe('AAA');
    expect(merged.releaseDate).toBe('2026-11-26T10:05:00.000Z');
  });

  it('refuses feeds of different versions, clashing files, and files that are not feeds', () => {
    expect(() => mergeFeeds([{ name: 'a', text: x64 }, { name: 'b', text: arm64.replace('version: 0.2.0', 'version: 0.1.9') }])).toThrow(/different versions \(0\.2\.0, 0\.1\.9\)/);
    expect(() => mergeFeeds([{ name: 'a', text: x64 }, { name: 'b', text: x64.replace('sha512: AAA\n    size: 100', 'sha512: ZZZ\n    size: 100') }])).toThrow(/appears twice with different checksums/);
    expect(() => mergeFeeds([{ name: 'notes.yml', text: 'hello: world\n' }])).toThrow('notes.yml is not an electron-updater feed');
    expect(() => mergeFeeds([])).toThrow(/No feeds/);
  });
});
