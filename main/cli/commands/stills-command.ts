/**
 * `shotline stills <dir>`: a still frame of every shot (or of one, with --shot N) through the
 * same queue as the app: the free local still unless a provider or model is named. Paid stills
 * are priced first and need --yes without a terminal, as generate does.
 */
import type { Job } from '../../../shared/domain';
import { formatUsd, usdToMicros } from '../../../shared/cost';
import { UserError } from '../../errors';
import { UsageError, stringOption, type CliCommand } from '../command';
import { confirm, progressPrinter } from './generate-command';

export const stillsCommand: CliCommand = {
  name: 'stills',
  summary: 'Make a still frame of each shot (free and local unless a provider is named).',
  usage: 'shotline stills <dir> [--shot N] [--provider ID] [--model ID] [--yes]',
  help: [
    'Each shot gets a still frame take: its opening frame from an image model, at the model size',
    'nearest the shot\u2019s framing. Without --provider/--model: the shot\u2019s own provider\u2019s image',
    'model when its key is set, else the local, free animatic still.',
    '',
    '  --shot N      only shot N (1 is the first)',
    '  --yes         do not ask before spending money (required for paid stills without a terminal)',
    '',
    'Example: shotline stills Lighthouse.shotline --provider openai --model gpt-image-1.5:low --yes',
  ].join('\n'),
  options: {
    shot: { type: 'string' },
    provider: { type: 'string' },
    model: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
  },
  positionals: ['dir'],
  async run({ positionals, values, io, overrides }) {
    const shotText = stringOption(values, 'shot');
    const number = shotText === undefined ? undefined : Number(shotText);
    if (number !== undefined && !(Number.isInteger(number) && number >= 1)) throw new UsageError(`--shot must be a shot number like 3, not "${shotText}"`);
    const choice = { provider: stringOption(values, 'provider'), model: stringOption(values, 'model') };

    const { openCliProject } = await import('../cli-app');
    const cli = await openCliProject(positionals[0]!, io, overrides);
    const { store, stills, generation } = cli.project;
    try {
      const all = store.shots.list();
      if (number !== undefined && number > all.length) throw new UsageError(`--shot ${number}: the project has ${all.length} shot${all.length === 1 ? '' : 's'}`);
      const shots = number === undefined ? all : [all[number - 1]!];
      if (shots.length === 0) {
        io.out('The project has no shots. Nothing to make.');
        return;
      }
      const titleOf = (id: string | null) => {
        const i = all.findIndex((s) => s.id === id);
        return i < 0 ? 'still' : `#${i + 1}${all[i]!.title ? ` ${all[i]!.title}` : ''}`;
      };
      const print = progressPrinter(io, titleOf);
      cli.app.events.subscribe((name, payload) => {
        if (name === 'job.updated') print(payload as Job);
      });

      // Priced before anything is sent; one refusal stops the run before the first still.
      const estimates = shots.map((s) => ({ shot: s, estimate: stills.estimate({ shotId: s.id, ...choice }) }));
      const problem = estimates.find((e) => e.estimate.problem);
      if (problem) throw new UserError('refused', `${titleOf(problem.shot.id)}: ${problem.estimate.problem}`);
      const total = estimates.reduce((sum, e) => sum + usdToMicros(e.estimate.usd ?? 0), 0);
      if (total > 0 && values.yes !== true) {
        const question = `${shots.length} still${shots.length === 1 ? '' : 's'} with ${estimates[0]!.estimate.displayName} may cost ${formatUsd(total)}. Continue?`;
        if (!process.stdin.isTTY) throw new UserError('refused', `${question.replace(' Continue?', '')} Nothing was sent: run again with --yes to accept the cost.`);
        if (!(await confirm(question))) {
          io.out('No still was made.');
          return;
        }
      }
      const jobs: Job[] = [];
      for (const { shot } of estimates) jobs.push(await stills.still({ shotId: shot.id, ...choice }));
      await generation.idle();
      const failures: string[] = [];
      for (const j of jobs) {
        const job = store.jobs.find(j.id)!;
        const take = job.takeId ? store.takes.find(job.takeId) : null;
        if (job.status === 'done' && take) io.out(`${titleOf(job.shotId)}: ${store.resolve(take.files.original)}`);
        else failures.push(`${titleOf(job.shotId)}: ${job.status} \u2014 ${job.message}`);
      }
      if (failures.length) throw new UserError('refused', `${failures.length} still${failures.length === 1 ? '' : 's'} not made:\n  ${failures.join('\n  ')}`);
    } finally {
      await cli.close();
    }
  },
};
