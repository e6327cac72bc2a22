/**
 * A made-up export format for tests: the shot list as text, one line per shot, written a line
 * every `delay` ms (slow enough to watch progress and to cancel). It is only an ExportFormat
 * object; tests register it through the composition root's `exportFormats` overrides.
 */
import fs from 'node:fs';
import type { ExportFormat } from '../../main/export/formats/export-format';

export function shotTextFormat(delay: number): ExportFormat {
  return {
    id: 'shot-text',
    label: 'Shot list (text)',
    description: 'One line per shot: number and prompt.',
    extension: '.txt',
    fields: [
      { kind: 'boolean', key: 'shout', label: 'Capitals', default: false },
      { kind: 'choice', key: 'bullet', label: 'Bullet', choices: [{ value: 'dash', label: '-' }, { value: 'star', label: '*' }], default: 'dash' },
    ],
    async run(context, options) {
      const lines: string[] = [];
      const shots = context.sequence.shots;
      for (const [i, shot] of shots.entries()) {
        if (context.signal.aborted) throw new Error('cancelled');
        await new Promise((r) => setTimeout(r, delay));
        const text = `${options.bullet === 'star' ? '*' : '-'} ${i + 1}. ${shot.prompt}`;
        lines.push(options.shout ? text.toUpperCase() : text);
        context.progress((i + 1) / shots.length, null);
      }
      fs.writeFileSync(context.outPath, `${lines.join('\n')}\n`);
      return `Wrote ${shots.length} lines to ${context.outPath}.`;
    },
  };
}
