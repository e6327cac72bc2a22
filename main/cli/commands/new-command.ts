/** `shotline new <dir>`: creates an empty project folder. */
import path from 'node:path';
import { invalid } from '../../errors';
import { FRAME_RATE_RULE, frameRateLabel } from '../../../shared/frame-rate';
import { PROJECT_SUFFIX } from '../../store/project-folder';
import { stringOption, type CliCommand } from '../command';

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Create an empty project folder.',
  usage: 'shotline new <dir> [--name NAME] [--size 1280x720] [--fps 24]',
  help: [
    'If <dir> ends in .shotline, exactly that folder is created; otherwise <dir>/<NAME>.shotline',
    'is (NAME defaults to the last part of <dir>). The folder must not exist yet.',
    '',
    'Options:',
    '  --name NAME     display name of the project (and the folder name inside <dir>)',
    '  --size WxH      house frame size, even numbers (default 1280x720)',
    '  --fps RATE      house frame rate: 23.976, 24, 25, 29.97, 30, 50, 59.94, 60 or any whole',
    '                  number 1-120 (default 24)',
    '',
    'Example: shotline new ~/films --name Lighthouse --size 1920x1080 --fps 25',
  ].join('\n'),
  options: {
    name: { type: 'string' },
    size: { type: 'string' },
    fps: { type: 'string' },
  },
  positionals: ['dir'],
  async run({ positionals, values, io }) {
    // Loaded here, not at the top, so `--help` and usage errors start fast.
    const { Fps, ProjectName, Size } = await import('../../../shared/contract/limits');
    const { ProjectStore } = await import('../../store/project-store');
    const target = path.resolve(io.cwd, positionals[0]!);
    const exact = target.endsWith(PROJECT_SUFFIX);
    const rawName = stringOption(values, 'name') ?? path.basename(target, exact ? PROJECT_SUFFIX : undefined);
    // The same checks the app applies to projects.create.
    const name = ProjectName.safeParse(rawName);
    if (!name.success) throw invalid(`--name "${rawName}" ${name.error.issues[0]?.message ?? 'is not usable'}.`);
    const sizeText = stringOption(values, 'size');
    const size = sizeText === undefined ? undefined : Size.safeParse(sizeText);
    if (size && !size.success) throw invalid(`--size "${sizeText}": ${size.error.issues[0]?.message}.`);
    const fpsText = stringOption(values, 'fps');
    const fps = fpsText === undefined ? undefined : Fps.safeParse(fpsText);
    if (fps && !fps.success) throw invalid(`--fps "${fpsText}": expected ${FRAME_RATE_RULE} (or a fraction such as 24000/1001).`);

    const dir = exact ? target : path.join(target, `${name.data}${PROJECT_SUFFIX}`);
    const store = await ProjectStore.createAt(dir, { name: name.data, size: size?.data, fps: fps?.data });
    try {
      const { format } = store.project.get();
      io.out(`Created project "${name.data}" at ${store.dir} (${format.width}x${format.height}, ${frameRateLabel(format.fps)} fps).`);
    } finally {
      store.close();
    }
  },
};
