import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
// strict: false because electron-builder's schema uses keywords Ajv does not know (e.g. "markdownDescription").
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function load(): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

function badKeys(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).filter((e) => e.keyword === 'additionalProperties').map((e) => `${e.instancePath}/${String(e.params.additionalProperty)}`);
}

describe('electron-builder.yml', () => {
  it('validates against app-builder-lib/scheme.json', () => {
    const ok = validate(load());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('a broken copy is rejected with an error naming the bad key', () => {
    const broken = load();
    broken.asarUnpak = ['**/*.node'];
    (broken.mac as Record<string, unknown>).hardenedRuntme = true;
    expect(validate(broken)).toBe(false);
    const keys = badKeys(validate.errors);
    expect(keys).toContain('/asarUnpak');
    expect(keys).toContain('/mac/hardenedRuntme');
  });

  it('a wrong value type is rejected too', () => {
    const broken = load();
    (broken.electronFuses as Record<string, unknown>).runAsNode = 'no';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/electronFuses/runAsNode')).toBe(true);
  });

  it('keeps the settings the release depends on', () => {
    const config = load() as {
      appId: string;
      productName: string;
      directories: { output: string };
      electronFuses: Record<string, boolean>;
      fileAssociations: Array<{ ext: string; isPackage?: boolean }>;
      mac: { hardenedRuntime: boolean; category: string; target: Array<{ target: string; arch: string[] }> };
      win: { target: Array<{ target: string; arch: string[] }> };
      linux: { target: Array<{ target: string }> };
    };
    expect(config.appId).toBe('app.shotline.desktop');
    expect(config.productName).toBe('Shotline');
    expect(config.directories.output).toBe('dist');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.fileAssociations).toContainEqual(expect.objectContaining({ ext: 'shotline', isPackage: true }));
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.category).toBe('public.app-category.video');
    expect(config.mac.target.map((t) => t.target).sort()).toEqual(['dmg', 'zip']);
    for (const t of config.mac.target) expect(t.arch.sort()).toEqual(['arm64', 'x64']);
    // x64 only on Windows: the bundled ffmpeg has no Windows arm64 build.
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage']);
  });

  it('publishes to GitHub releases as a draft (the update feed)', () => {
    expect(load().publish).toEqual({ provider: 'github', releaseType: 'draft' });
  });

  it('ships ffmpeg per platform and arch outside the asar, where the locator looks', () => {
    type Copy = { from: string; to: string };
    const config = load() as Record<string, { extraResources?: Copy[] }>;
    // main/media/ffmpeg-locator.ts: <resourcesPath>/ffmpeg/<process.platform>-<process.arch>/
    for (const [key, platform] of [['mac', 'darwin'], ['win', 'win32'], ['linux', 'linux']] as const) {
      expect(config[key]!.extraResources, key).toContainEqual({ from: `out/ffmpeg/${platform}-\${arch}`, to: `ffmpeg/${platform}-\${arch}` });
    }
    expect((load().extraResources as Copy[]).map((r) => r.to)).toEqual(['assets/fonts', 'examples/lighthouse']);
    // The development-only ffmpeg-static download never rides along in the asar.
    expect(load().files).toContain('!**/node_modules/ffmpeg-static/**');
  });

  it('names every installer with its arch and without spaces (GitHub renames spaces, breaking the feed)', () => {
    const config = load() as { mac: { artifactName: string; notarize: boolean }; nsis: { artifactName: string } };
    expect(config.mac.artifactName).toBe('${productName}-${version}-mac-${arch}.${ext}');
    expect(config.nsis.artifactName).toBe('${productName}-${version}-win-${arch}-setup.${ext}');
    for (const name of [config.mac.artifactName, config.nsis.artifactName]) expect(name).not.toMatch(/\s/);
    // Notarisation is on, and only happens when the APPLE_* variables are set.
    expect(config.mac.notarize).toBe(true);
  });
});
