/**
 * `shotline generate <dir>`: generates every shot without a selected take through the durable
 * queue, with progress on stderr. Asks before spending money unless --yes; without a terminal
 * to ask on, a paid run needs --yes. Shots that continue the previous shot wait (in main's queue) for its take.
 */
import readline from 'node:readline/promises';
import type { Job } from '../../../shared/domain';
import { formatUsd, usdToMicros } from '../../../shared/cost';
import { shippedRegistry } from '../../../shared/registry/registry';
import { UserError } from '../../errors';
import { UsageError, stringOption, type CliCommand, type CliIo } from '../command';

/** One line per service that takes a key or an address: its environment variables (from the registry). */
function environmentHelp(): string[] {
  return Object.entries(shippedRegistry().providers)
    .filter(([, p]) => p.auth.kind !== 'none')
    .map(([id, p]) => `  ${id.padEnd(10)} ${[...p.auth.keyEnv.map((n, i) => (i ? `or ${n}` : n)), ...p.auth.baseUrlEnv.map((n) => `${n} (base URL)`)].join(', ')}`);
}

/** Asks a yes/no question on the terminal; false without one. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Progress lines: one per state change and per quarter of progress, per job. */
export function progressPrinter(io: CliIo, titleOf: (shotId: string | null) => string) {
  const last = new Map<string, string>();
  return (job: Job) => {
    const quarter = Math.floor(job.progress * 4);
    const key = `${job.status}:${quarter}`;
    if (last.get(job.id) === key) return;
    last.set(job.id, key);
    io.err(`  ${titleOf(job.shotId)}: ${job.status}${job.status === 'running' ? ` ${Math.round(job.progress * 100)}%` : ''}${job.status === 'failed' || job.status === 'refused' ? ` \u2014 ${job.message}` : ''}`);
  };
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Generate a take for every shot that has none.',
  usage: 'shotline generate <dir> [--provider ID] [--model ID] [--budget USD] [--yes] [--new-take]',
  help: [
    'Every shot without a selected take is generated with its own provider and model (the',
    'project default is the local, free animatic), or with --provider/--model for all of them.',
    'Keys and base URLs come from the environment, as each service\u2019s SDK names them:',
    ...environmentHelp(),
    '',
    '  --budget USD  refuse the run if it would cost more than USD (the project budget also applies)',
    '  --yes         do not ask before spending money (required for paid runs without a terminal)',
    '  --new-take    make new takes even where an identical request already has one',
    '',
    'An identical request reuses its take at $0. Unfinished jobs of an earlier run resume first.',
    'Example: OPENAI_API_KEY=... shotline generate Lighthouse.shotline --provider openai --yes',
  ].join('\n'),
  options: {
    provider: { type: 'string' },
    model: { type: 'string' },
    budget: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'new-take': { type: 'boolean' },
  },
  positionals: ['dir'],
  async run({ positionals, values, io, overrides }) {
    const budgetText = stringOption(values, 'budget');
    const maxUsd = budgetText === undefined ? undefined : Number(budgetText);
    if (maxUsd !== undefined && !(Number.isFinite(maxUsd) && maxUsd >= 0)) throw new UsageError(`--budget must be an amount in USD like 5 or 2.50, not "${budgetText}"`);
    const provider = stringOption(values, 'provider');
    const model = stringOption(values, 'model');
    const newTake = values['new-take'] === true;

    // Loaded here, not at the top: the services are not needed for --help or a usage error.
    const { openCliProject } = await import('../cli-app');
    const cli = await openCliProject(positionals[0]!, io, overrides);
    const { store, generation } = cli.project;
    try {
      const titles = new Map(store.shots.list().map((s, i) => [s.id, `#${i + 1}${s.title ? ` ${s.title}` : ''}`]));
      const titleOf = (id: string | null) => (id === null ? 'reference sheet' : (titles.get(id) ?? id));
      const print = progressPrinter(io, titleOf);
      cli.app.events.subscribe((name, payload) => {
        if (name === 'job.updated') print(payload as Job);
      });
      // Jobs left by an earlier run resume on open; let them finish before planning new ones.
      await generation.idle();

      const missing = store.shots.list().filter((s) => !s.selectedTakeId);
      if (missing.length === 0) {
        io.out('Every shot already has a take. Nothing to generate.');
        return;
      }
      const estimate = generation.estimate({ shotIds: missing.map((s) => s.id), provider, model });
      const totalMicros = usdToMicros(estimate.totalUsd);
      if (totalMicros > 0 && values.yes !== true) {
        const question = `Generating ${missing.length} shot${missing.length === 1 ? '' : 's'} may cost up to ${formatUsd(totalMicros)} (identical requests are reused at $0). Continue?`;
        if (!process.stdin.isTTY) {
          throw new UserError('refused', `${question.replace(' Continue?', '')} Nothing was sent: run again with --yes to accept the cost (there is no terminal to ask on).`);
        }
        if (!(await confirm(question))) {
          io.out('Nothing was generated.');
          return;
        }
      }

      let made = 0;
      const failures: string[] = [];
      // Shots that continue the previous shot wait in main's queue until its take exists.
      const result = await generation.start({ shotIds: missing.map((s) => s.id), provider, model, newTake, maxUsd, onlyMissing: !newTake });
      await generation.idle();
      const reused = result.reused.length;
      for (const j of result.jobs) {
        const job = store.jobs.find(j.id)!;
        if (job.status === 'done') made++;
        else failures.push(`${titleOf(job.shotId)}: ${job.status} \u2014 ${job.message}`);
      }
      for (const d of result.deferred) failures.push(`${titleOf(d.shotId)}: not generated \u2014 ${d.reason}`);
      const spent = generation.spend();
      io.out(`Made ${made} take${made === 1 ? '' : 's'}${reused ? `, reused ${reused}` : ''}; spent so far ${formatUsd(usdToMicros(spent.spentUsd))}.`);
      if (failures.length) throw new UserError('refused', `${failures.length} shot${failures.length === 1 ? '' : 's'} did not get a take:\n  ${failures.join('\n  ')}`);
    } finally {
      await cli.close();
    }
  },
};
