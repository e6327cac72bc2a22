/**
 * Loads the model registry: the list shipped with the app, merged with the user's optional
 * override file `models.json` in the settings folder (AppSettings.dir). A broken override never
 * stops the app: the shipped list is used and the state says what to fix. The file is re-read
 * when it changes (size or mtime), so an edited list applies without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RegistryOverrideState, RegistrySnapshot } from '../../shared/contract/registry';
import type { ModelRef } from '../../shared/registry/registry-schema';
import { mergeRegistry, modelKey, parseRegistryOverride, RegistryDataError, shippedRegistry, type Registry } from '../../shared/registry/registry';

/** File name of the override in the settings folder. */
export const OVERRIDE_FILE = 'models.json';

/** Largest override file read (a model list is a few KB; this bounds a wrong file). */
const MAX_OVERRIDE_BYTES = 2 * 1024 * 1024;

/** The registry and how the override was taken. */
export interface LoadedRegistry {
  registry: Registry;
  override: RegistryOverrideState;
  /** The override's entries that were merged (added or replacing a shipped one). */
  userModels: ModelRef[];
}

/** Reads and merges the override at `file` over `base`. Never throws for a bad file. */
export function loadRegistryFrom(file: string, base: Registry = shippedRegistry()): LoadedRegistry {
  const fallback = (message: string): LoadedRegistry => ({
    registry: base,
    userModels: [],
    override: {
      path: file,
      status: 'broken',
      messages: [`The model list override ${file} ${message} The shipped model list is used; fix or delete the file.`],
    },
  });

  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return fallback('is not a file.');
    if (stat.size > MAX_OVERRIDE_BYTES) return fallback(`is ${stat.size} bytes, larger than the ${MAX_OVERRIDE_BYTES} allowed.`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { registry: base, override: { path: file, status: 'absent', messages: [] }, userModels: [] };
    }
    return fallback(`cannot be read (${(error as Error).message}).`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fallback(`is not valid JSON (${(error as Error).message}).`);
  }

  try {
    const override = parseRegistryOverride(json);
    const merged = mergeRegistry(base, override);
    const messages: string[] = [];
    if (merged.added.length) messages.push(`Added ${merged.added.join(', ')}.`);
    if (merged.replaced.length) messages.push(`Replaced ${merged.replaced.join(', ')}.`);
    for (const s of merged.skipped) messages.push(`Skipped ${s}.`);
    const mergedKeys = new Set([...merged.added, ...merged.replaced]);
    const userModels = override.models.filter((m) => mergedKeys.has(modelKey(m.provider, m.model))).map(({ provider, model }) => ({ provider, model }));
    return { registry: merged.registry, override: { path: file, status: 'applied', messages }, userModels };
  } catch (error) {
    if (error instanceof RegistryDataError) return fallback(`does not match the registry format: ${error.message}.`);
    throw error;
  }
}

/** Loads the registry for a settings folder, re-reading the override only when it changed. */
export class RegistryLoader {
  private cached: { stamp: string; loaded: LoadedRegistry } | null = null;

  private readonly base: Registry;

  /** The registry the user's file is merged over. */
  get baseRegistry(): Registry {
    return this.base;
  }

  constructor(
    readonly settingsDir: string,
    /** The registry the user's file is merged over (default: the shipped one). */
    base?: Registry,
  ) {
    this.base = base ?? shippedRegistry();
  }

  get file(): string {
    return path.join(this.settingsDir, OVERRIDE_FILE);
  }

  private stamp(): string {
    try {
      const s = fs.statSync(this.file);
      return `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch {
      return 'absent';
    }
  }

  /** The current registry. */
  load(): LoadedRegistry {
    const stamp = this.stamp();
    if (this.cached?.stamp !== stamp) this.cached = { stamp, loaded: loadRegistryFrom(this.file, this.base) };
    return this.cached.loaded;
  }

  /** Forgets the cached merge: the next load re-reads the file (after this process wrote it). */
  invalidate(): void {
    this.cached = null;
  }

  /** The registry only (what the queue and the cost estimates need). */
  registry(): Registry {
    return this.load().registry;
  }

  /** What the `registry.models` call returns. */
  snapshot(): RegistrySnapshot {
    const { registry, override, userModels } = this.load();
    return { version: registry.version, providers: registry.providers, models: registry.models, override, userModels };
  }
}
