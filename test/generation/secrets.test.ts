import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ElectronSecretStore, SECRETS_FILE, type SafeStorageLike } from '../../main/shell/secret-store-electron';
import { EnvSecretStore, firstSet } from '../../main/secrets/env-secret-store';
import { shippedRegistry } from '../../shared/registry/registry';
import { MemorySecretStore } from '../../main/secrets/memory-secret-store';
import { knownSecrets, redactSecrets } from '../../main/secrets/secret-store';

const KEY = 'sk-test-KNOWN-0123456789abcdefXYZ';
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-secrets-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Stands in for Electron's safeStorage (only electron itself is replaced): a byte-rotating cipher. */
function fakeSafeStorage(available: boolean, backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret'): SafeStorageLike {
  const rotate = (b: Buffer, by: number) => Buffer.from(b.map((x) => (x + by) & 0xff));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => {
      if (!available) throw new Error('Encryption is not available.');
      return rotate(Buffer.from(`v10${s}`, 'utf8'), 77);
    },
    decryptString: (b: Buffer) => rotate(b, -77).toString('utf8').slice(3),
    getSelectedStorageBackend: () => backend,
  };
}

describe('ElectronSecretStore', () => {
  it('stores keys encrypted in userData and reports only whether one is set', () => {
    const dir = tempDir();
    const store = new ElectronSecretStore(fakeSafeStorage(true), dir, 'linux');
    store.set('openai', KEY);
    const onDisk = fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8');
    expect(onDisk).not.toContain(KEY);
    expect(onDisk).toContain('openai');
    expect(new ElectronSecretStore(fakeSafeStorage(true), dir, 'linux').get('openai')).toBe(KEY);
    expect(JSON.stringify(store.status())).not.toContain(KEY);
    expect(store.status()).toEqual([{ provider: 'openai', isSet: true, source: 'keychain' }]);
    expect(store.warning).toBeNull();
    store.clear('openai');
    expect(store.get('openai')).toBeNull();
    expect(fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toContain('openai');
  });

  it('keeps keys in memory only, with a warning, when the OS has no secure store', () => {
    const dir = tempDir();
    const store = new ElectronSecretStore(fakeSafeStorage(false), dir, 'linux');
    store.set('openai', KEY);
    expect(store.get('openai')).toBe(KEY);
    expect(fs.existsSync(path.join(dir, SECRETS_FILE))).toBe(false);
    expect(store.warning).toMatch(/no secure key store.*memory only/);
    expect(store.status()).toEqual([{ provider: 'openai', isSet: true, source: 'memory' }]);
  });

  it('warns that basic_text only obfuscates keys', () => {
    const store = new ElectronSecretStore(fakeSafeStorage(true, 'basic_text'), tempDir(), 'linux');
    expect(store.warning).toMatch(/basic|fixed built-in password/i);
  });

  it('refuses an empty key', () => {
    const store = new ElectronSecretStore(fakeSafeStorage(true), tempDir(), 'linux');
    expect(() => store.set('openai', '   ')).toThrow(/empty/);
  });
});

describe('EnvSecretStore', () => {
  const shipped = () => shippedRegistry().providers;

  it('reads the environment variables each provider\'s descriptor names (the SDKs\' own)', () => {
    const env = { OPENAI_API_KEY: KEY, GOOGLE_API_KEY: 'g-key-123456789', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
    const store = new EnvSecretStore(env, shipped);
    expect(store.get('openai')).toBe(KEY);
    expect(store.get('google')).toBe('g-key-123456789');
    expect(new EnvSecretStore({ GEMINI_API_KEY: 'gem-first-1234', GOOGLE_API_KEY: 'x' }, shipped).get('google')).toBe('gem-first-1234');
    expect(firstSet(env, shipped().openai!.auth.baseUrlEnv)).toBe('http://127.0.0.1:9/v1');
    expect(firstSet(env, shipped().google!.auth.baseUrlEnv)).toBeUndefined();
    // The animatic takes no key: it is not listed.
    expect(store.status().map((s) => s.provider)).toEqual(['openai', 'google', 'runway', 'fal']);
    expect(new EnvSecretStore({ FAL_KEY: 'fal-key-123456789' }, shipped).get('fal')).toBe('fal-key-123456789');
    expect(store.status().find((s) => s.provider === 'openai')).toEqual({ provider: 'openai', isSet: true, source: 'env' });
    store.clear('openai');
    expect(store.get('openai')).toBeNull();
  });

  it('a provider added as data alone gets its key from the variable its descriptor names', () => {
    const fake = { ...shipped().openai!, displayName: 'Fake', auth: { kind: 'apiKey' as const, keyEnv: ['FAKEVID_TOKEN'], baseUrlEnv: [], fields: [] } };
    const store = new EnvSecretStore({ FAKEVID_TOKEN: 'fake-key-123456', OPENAI_API_KEY: KEY }, () => ({ fakevid: fake }));
    expect(store.get('fakevid')).toBe('fake-key-123456');
    expect(store.get('openai')).toBeNull();
    expect(store.status()).toEqual([{ provider: 'fakevid', isSet: true, source: 'env' }]);
  });
});

describe('redactSecrets', () => {
  it('scrubs whole keys and echoed fragments of known keys', () => {
    const secrets = knownSecrets(new MemorySecretStore({ openai: KEY }));
    expect(redactSecrets(`Incorrect API key provided: ${KEY}.`, secrets)).not.toContain(KEY);
    const echoed = `Incorrect API key provided: ${KEY.slice(0, 16)}****${KEY.slice(-4)}`;
    expect(redactSecrets(echoed, secrets)).not.toContain(KEY.slice(0, 16));
    expect(redactSecrets('nothing secret here', secrets)).toBe('nothing secret here');
  });
});
