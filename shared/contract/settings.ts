/**
 * Contract calls for the app's own settings (not a project's) that the renderer may read and
 * write: provider base URLs and concurrency, the ffmpeg path. API keys never pass here: they go
 * in through the write-only `secrets.*` calls. House format and budget are project settings
 * (`project.update`). Also the desktop actions "show in folder" and "open", which only the
 * Electron host can honour (the dev host answers with the path so the page can show it).
 */
import { z } from 'zod';
import { call } from './define';
import { AbsolutePath, MAX_PROVIDER_CONCURRENCY, MIN_PROVIDER_CONCURRENCY, ProviderId } from './limits';

/** One provider's connection settings as the Settings screen shows them. */
export interface ProviderConnection {
  /** Base URL from Settings, or null to use the SDK's default (or the environment's). */
  baseUrl: string | null;
  /** The base URL actually in use (Settings, then environment), or null for the SDK default. */
  effectiveBaseUrl: string | null;
  /** Jobs allowed at once at this provider. */
  concurrency: number;
  /** The descriptor's `auth.fields` as saved in Settings, by field key (unset fields are absent). */
  fields: Record<string, string>;
  /** The values in use (Settings, then environment, then the field's default); unset fields are absent. */
  effectiveFields: Record<string, string>;
}

/** The app settings the renderer may see (never a key). */
export interface AppSettingsView {
  /** Every provider the registry says takes a key or a base URL, by id. */
  providers: Record<string, ProviderConnection>;
  /** The ffmpeg binary chosen in Settings, or null to search (bundled, ffmpeg-static, PATH). */
  ffmpegPath: string | null;
  /** Where new projects go when no folder is given. */
  projectsDir: string;
}

/** What a desktop action did: `done` false means the host cannot do it (show `path` instead). */
export interface DesktopActionResult {
  done: boolean;
  path: string;
  /** Why it was not done, in words for the user, or null. */
  message: string | null;
}


/** An http(s) URL, or '' / null to clear the setting. */
/** A value of one of the descriptor's `auth.fields` ('' or null clears it); never a secret. */
const FieldValue = z.string().trim().max(1000).nullable();

const BaseUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => s === '' || /^https?:\/\/[^\s/]+/i.test(s), 'must be an http:// or https:// URL (or empty for the default)')
  .nullable();

export const settingsCalls = {
  'settings.get': call<AppSettingsView>()(z.strictObject({}), 'The app settings the Settings screen edits (never API keys).'),
  'settings.update': call<AppSettingsView>()(
    z.strictObject({
      /**
       * Per provider (one the registry says takes a key or a base URL; main refuses others):
       * base URL (null or '' clears it), concurrency, and values of its descriptor's
       * `auth.fields` by key (null or '' clears one; main refuses keys the descriptor lacks).
       */
      providers: z
        .record(
          ProviderId,
          z.strictObject({
            baseUrl: BaseUrl.optional(),
            concurrency: z.number().int().min(MIN_PROVIDER_CONCURRENCY).max(MAX_PROVIDER_CONCURRENCY).optional(),
            fields: z
              .record(z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'must be a field key like "project"'), FieldValue)
              .refine((r) => Object.keys(r).length <= 8, 'too many fields')
              .optional(),
          }),
        )
        .refine((r) => Object.keys(r).length <= 50, 'too many providers')
        .optional(),
      /** An absolute path to an ffmpeg binary, or null to search for one. */
      ffmpegPath: AbsolutePath.nullable().optional(),
    }),
    'Changes app settings (atomically written); run media.selfTest after changing the ffmpeg path.',
  ),
  'app.reveal': call<DesktopActionResult>()(
    z.strictObject({ path: AbsolutePath }),
    'Shows a file in the system file manager (desktop app only; the dev host answers with the path).',
  ),
  'app.openPath': call<DesktopActionResult>()(
    z.strictObject({ path: AbsolutePath.refine((s) => /\.(mp4|mov|png|jpe?g)$/i.test(s), 'must be a video or image file (.mp4, .mov, .png, .jpg)') }),
    'Opens an exported video or image in the default app (desktop app only; never runs programs).',
  ),
} as const;
