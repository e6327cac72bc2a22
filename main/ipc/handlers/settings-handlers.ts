/**
 * Handlers for the app settings the renderer may edit (never keys) and the desktop actions
 * "show in folder" / "open". The actions need the OS shell, which only the Electron host has
 * (it passes them to the composition root); elsewhere the calls answer with the path.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppSettingsView, DesktopActionResult } from '../../../shared/contract/settings';
import { configurableProviders } from '../../../shared/registry/registry';
import type { AppServices } from '../../app/compose';
import { UserError } from '../../errors';
import type { ProviderSettings } from '../../settings/app-settings';
import type { Handlers } from '../dispatch';

function settingsView(app: AppServices): AppSettingsView {
  const data = app.settings.get();
  const providers: AppSettingsView['providers'] = {};
  for (const id of configurableProviders(app.registry.registry())) {
    providers[id] = {
      baseUrl: data.providers[id]?.baseUrl || null,
      effectiveBaseUrl: app.providers.baseUrlOf(id) ?? null,
      concurrency: app.providers.concurrencyOf(id),
      fields: { ...data.providers[id]?.fields },
      effectiveFields: app.providers.fieldsOf(id),
    };
  }
  return { providers, ffmpegPath: data.ffmpegPath, projectsDir: data.projectsDir };
}

/** The file must exist: a desktop action on a missing file would fail silently in the OS. */
/**
 * The field values a patch leaves: a key the descriptor lacks is refused (a typo would be saved
 * and silently ignored), a path field must be absolute (the adapter reads it from main's cwd),
 * an empty value clears the field so its environment variable or default applies again.
 */
function patchFields(app: AppServices, id: string, current: Record<string, string> | undefined, patch: Record<string, string | null>): Record<string, string> {
  const declared = app.registry.registry().providers[id]?.auth.fields ?? [];
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const field = declared.find((f) => f.key === key);
    if (!field) {
      const known = declared.map((f) => f.key);
      throw new UserError('invalid_input', `providers.${id}.fields.${key}: ${id} has no such setting; ${known.length ? `use one of ${known.join(', ')}` : 'it takes none'}.`);
    }
    if (!value) {
      delete next[key];
      continue;
    }
    if (field.kind === 'path' && !path.isAbsolute(value)) {
      throw new UserError('invalid_input', `providers.${id}.fields.${key}: ${field.label} must be an absolute path to a file, like /home/me/key.json.`);
    }
    next[key] = value;
  }
  return next;
}

function requireFile(file: string): string {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    throw new UserError('not_found', `${resolved} does not exist (moved or deleted?). Export again or pick another file.`);
  }
  return resolved;
}

type SettingsCalls = 'settings.get' | 'settings.update' | 'app.reveal' | 'app.openPath';

export function settingsHandlers(app: AppServices): Pick<Handlers, SettingsCalls> {
  const notHere = (file: string): DesktopActionResult => ({
    done: false,
    path: file,
    message: `This host cannot open the file manager; the file is at ${file}.`,
  });
  return {
    'settings.get': () => settingsView(app),
    'settings.update': (input) => {
      const current = app.settings.get();
      const known = configurableProviders(app.registry.registry());
      const unknown = Object.keys(input.providers ?? {}).filter((id) => !known.includes(id));
      if (unknown.length) throw new UserError('invalid_input', `providers.${unknown[0]}: no such service takes settings; use one of ${known.join(', ')}.`);
      const providers: Record<string, ProviderSettings> = { ...current.providers };
      for (const [id, patch] of Object.entries(input.providers ?? {})) {
        const next: ProviderSettings = { ...providers[id] };
        if (patch.baseUrl !== undefined) {
          // An empty field means "use the default": drop the setting rather than store ''.
          if (patch.baseUrl) next.baseUrl = patch.baseUrl.replace(/\/+$/, '');
          else delete next.baseUrl;
        }
        if (patch.concurrency !== undefined) next.concurrency = patch.concurrency;
        if (patch.fields !== undefined) {
          next.fields = patchFields(app, id, next.fields, patch.fields);
          if (Object.keys(next.fields).length === 0) delete next.fields;
        }
        providers[id] = next;
      }
      const ffmpegPath = input.ffmpegPath === undefined ? current.ffmpegPath : input.ffmpegPath;
      app.settings.update({ providers, ffmpegPath });
      return settingsView(app);
    },
    'app.reveal': ({ path: file }) => {
      const resolved = requireFile(file);
      const actions = app.desktop;
      if (!actions) return notHere(resolved);
      actions.reveal(resolved);
      return { done: true, path: resolved, message: null };
    },
    'app.openPath': async ({ path: file }) => {
      const resolved = requireFile(file);
      const actions = app.desktop;
      if (!actions) return notHere(resolved);
      const problem = await actions.open(resolved);
      if (problem) return { done: false, path: resolved, message: `The system could not open ${resolved}: ${problem}` };
      return { done: true, path: resolved, message: null };
    },
  };
}
