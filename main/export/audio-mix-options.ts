/**
 * The MP4 export's sound track options and the test for whether a mix runs: kept apart from
 * ./audio-mix.ts so listing the formats (the CLI's flags, the dialog) loads no media code.
 */
import type { ExportField, ExportOptionValues } from '../../shared/contract/export';
import { MAX_GAIN_DB, MIN_GAIN_DB } from '../../shared/contract/audio';
import type { AudioTrack } from '../../shared/domain';
import type { ProjectStore } from '../store/project-store';

const level = (key: string, label: string, help: string): ExportField => ({ kind: 'number', key, label, min: MIN_GAIN_DB, max: MAX_GAIN_DB, default: 0, help });

/** The MP4 format's sound track options (spread into its fields). */
export const AUDIO_MIX_FIELDS: readonly ExportField[] = [
  level('takesDb', "Takes' sound (dB)", "level of the takes' own sound in the mix"),
  level('voiceDb', 'Voice-over (dB)', 'level of the Voice-over lane'),
  level('musicDb', 'Music (dB)', 'level of the Music lane'),
  level('tempDb', 'Temp sound (dB)', 'level of the Temp lane'),
  { kind: 'boolean', key: 'duck', label: 'Duck music and takes under voice-over', default: false, help: 'lower the music and the takes while a voice-over clip plays' },
  { kind: 'number', key: 'duckDb', label: 'Ducking (dB)', min: -40, max: 0, default: -12, help: 'how far ducking lowers the music and the takes' },
];

/** How the sources are mixed. */
export interface MixSettings {
  takesDb: number;
  trackDb: Record<AudioTrack, number>;
  duck: boolean;
  duckDb: number;
  /** Loudness-normalise the whole mix (the export's own loudnorm option, moved here when a mix runs). */
  loudnorm: boolean;
}

export function mixSettingsFrom(options: ExportOptionValues): MixSettings {
  const n = (key: string, fallback = 0) => (typeof options[key] === 'number' ? (options[key] as number) : fallback);
  return {
    takesDb: n('takesDb'),
    trackDb: { voice: n('voiceDb'), music: n('musicDb'), temp: n('tempDb') },
    duck: options.duck === true,
    duckDb: n('duckDb', -12),
    loudnorm: options.loudnorm === true,
  };
}

/** True when the MP4 export of this project will run the mix (so the stitch leaves loudness to it). */
export function exportMixes(context: { store: ProjectStore }, options: ExportOptionValues): boolean {
  return context.store.audio.list().length > 0 || mixSettingsFrom(options).takesDb !== 0;
}

/** Share of the export's progress bar the stitch takes when a mix follows it. */
export const MIX_SHARE_START = 0.9;
