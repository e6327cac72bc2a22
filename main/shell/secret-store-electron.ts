/**
 * API keys in the desktop app: encrypted with Electron's `safeStorage` (Keychain on macOS,
 * DPAPI on Windows, libsecret/kwallet on Linux) and kept in `secrets.json` in userData, one
 * base64 ciphertext per provider. The file never holds a key in clear.
 *
 * When the OS offers no secure store (`isEncryptionAvailable()` is false), keys are kept in
 * memory for this session only and `warning` says so; when Linux falls back to `basic_text`
 * (a hard-coded password), keys are stored but `warning` says they are only obfuscated.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import writeFileAtomic from 'write-file-atomic';
import { UserError } from '../errors';
import type { SecretStatus, SecretStore } from '../secrets/secret-store';

/** The part of Electron's safeStorage this store uses (tests pass a stand-in). */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export const SECRETS_FILE = 'secrets.json';

export class ElectronSecretStore implements SecretStore {
  private sessionOnly = new Map<string, string>();

  constructor(
    private readonly safeStorage: SafeStorageLike,
    /** Electron's userData folder. */
    private readonly dir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  private get file(): string {
    return path.join(this.dir, SECRETS_FILE);
  }

  private get encrypted(): boolean {
    return this.safeStorage.isEncryptionAvailable();
  }

  get warning(): string | null {
    if (!this.encrypted) {
      return (
        'This system offers no secure key store, so API keys are kept in memory only and must be entered again ' +
        'after Shotline restarts. On Linux, install and unlock a keyring (GNOME Keyring or KWallet) to store keys safely.'
      );
    }
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return (
        'No keyring was found, so API keys are stored with a fixed built-in password (obfuscated, not protected). ' +
        'Anyone who can read your user folder can recover them. Install and unlock GNOME Keyring or KWallet, then enter the keys again.'
      );
    }
    return null;
  }

  private readFile(): Record<string, string> {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return data && typeof data === 'object' ? (data as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private writeFile(data: Record<string, string>): void {
    fs.mkdirSync(this.dir, { recursive: true });
    // Atomic and private: a crash never leaves half a file, and other users cannot read it.
    writeFileAtomic.sync(this.file, JSON.stringify(data, null, 2), { mode: 0o600 });
  }

  get(provider: string): string | null {
    if (this.sessionOnly.has(provider)) return this.sessionOnly.get(provider)!;
    const cipher = this.readFile()[provider];
    if (!cipher || !this.encrypted) return null;
    try {
      return this.safeStorage.decryptString(Buffer.from(cipher, 'base64'));
    } catch {
      // Encrypted by another OS account or keyring: unusable, so treat as not set.
      return null;
    }
  }

  set(provider: string, key: string): void {
    const trimmed = key.trim();
    if (!trimmed) throw new UserError('invalid_input', `The ${provider} key is empty. Paste the whole key.`);
    if (!this.encrypted) {
      this.sessionOnly.set(provider, trimmed);
      return;
    }
    const data = this.readFile();
    data[provider] = this.safeStorage.encryptString(trimmed).toString('base64');
    this.writeFile(data);
    this.sessionOnly.delete(provider);
  }

  clear(provider: string): void {
    this.sessionOnly.delete(provider);
    const data = this.readFile();
    if (provider in data) {
      delete data[provider];
      this.writeFile(data);
    }
  }

  status(): SecretStatus[] {
    const providers = new Set([...Object.keys(this.readFile()), ...this.sessionOnly.keys()]);
    return [...providers].map((provider) => {
      const isSet = this.get(provider) !== null;
      const source = !isSet ? null : this.sessionOnly.has(provider) ? ('memory' as const) : ('keychain' as const);
      return { provider, isSet, source };
    });
  }
}

/** The store the Electron shell uses: Electron's own safeStorage, file in userData. Call after app `ready`. */
export async function createElectronSecretStore(): Promise<ElectronSecretStore> {
  const { app, safeStorage } = await import('electron');
  return new ElectronSecretStore(safeStorage, app.getPath('userData'));
}
