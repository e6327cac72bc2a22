/** The stitched sequence as one MP4 (H.264 + AAC): the takes joined by copy where possible. */
import { MAX_TRANSITION_SECONDS, MIN_TRANSITION_SECONDS } from '../../../shared/contract/limits';
import type { TransitionKind } from '../../../shared/domain';
import { AUDIO_MIX_FIELDS, MIX_SHARE_START, exportMixes } from '../audio-mix-options';
import type { ExportFormat } from './export-format';

export const mp4Format: ExportFormat = {
  id: 'mp4',
  label: 'Sequence (MP4)',
  description: 'The selected takes joined into one video with their sound, for playing and sharing.',
  extension: '.mp4',
  fields: [
    {
      kind: 'choice',
      key: 'transition',
      label: 'Transitions',
      choices: [
        { value: 'own', label: "Each shot's own" },
        { value: 'cut', label: 'Cuts everywhere' },
        { value: 'dissolve', label: 'Dissolves everywhere' },
        { value: 'dip', label: 'Dips to black everywhere' },
      ],
      default: 'own',
      help: "use one transition between every pair of shots instead of each shot's own",
    },
    {
      kind: 'number',
      key: 'transitionSeconds',
      label: 'Seconds',
      min: MIN_TRANSITION_SECONDS,
      max: MAX_TRANSITION_SECONDS,
      default: 0.5,
      shownWhen: { key: 'transition', values: ['dissolve', 'dip'] },
      help: 'length of the dissolves or dips',
    },
    { kind: 'boolean', key: 'burnIn', label: 'Burn in shot number, title and timecode (review copy)', default: false, help: 'shot number, title and running timecode on the picture' },
    { kind: 'boolean', key: 'loudnorm', label: 'Normalise loudness (-16 LUFS)', default: false, suggested: true, help: 'normalise loudness to -16 LUFS (EBU R128); the picture is still copied' },
    { kind: 'boolean', key: 'fillMissing', label: 'Black slates for shots without a take', default: false, suggested: true, help: 'a black slate with the title for shots without a take, instead of refusing' },
    ...AUDIO_MIX_FIELDS,
  ],
  async run(context, options) {
    // Loaded when an export runs, so listing the formats (the CLI's flags) stays light.
    const { exportSequence } = await import('../export-sequence');
    const kind = options.transition as 'own' | TransitionKind;
    // With a sound track, the mix runs after the stitch (main/export/audio-mix.ts) and does the loudness itself.
    const mixing = exportMixes(context, options);
    const result = await exportSequence(
      context.sequence,
      { tools: context.tools, fontFile: context.fonts.regular, selfTest: context.selfTest, log: (line) => context.log(line) },
      {
        outPath: context.outPath,
        transition: kind === 'own' ? undefined : { kind, seconds: kind === 'cut' ? 0 : Number(options.transitionSeconds) },
        burnIn: options.burnIn === true,
        loudnorm: options.loudnorm === true && !mixing,
        fillMissing: options.fillMissing === true,
        signal: context.signal,
        onProgress: (fraction, eta) => context.progress(mixing ? fraction * MIX_SHARE_START : fraction, eta),
      },
    );
    const sound = mixing ? await (await import('../audio-mix')).mixIntoExport(context, options, result) : '';
    const { copyFrames, renderFrames } = result.plan;
    const share = Math.round((copyFrames / Math.max(1, copyFrames + renderFrames)) * 100);
    return `Exported ${result.durationSeconds.toFixed(2)} s to ${result.outPath} (${share}% stream-copied).${sound}`;
  },
};
