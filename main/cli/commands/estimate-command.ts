/** `shotline estimate <dir>`: what generating each shot would cost, and the total, before paying. */
import { formatUsd, usdToMicros } from '../../../shared/cost';
import { stringOption, type CliCommand } from '../command';

export const estimateCommand: CliCommand = {
  name: 'estimate',
  summary: 'Show the cost of generating each shot and the total.',
  usage: 'shotline estimate <dir> [--provider ID] [--model ID] [--json]',
  help: [
    'Prices come from the model registry (USD per second of output x the shot\u2019s seconds).',
    'Nothing is sent anywhere. --provider/--model price every shot with that model instead of',
    'its own; --json prints the estimate as JSON.',
    '',
    'Example: shotline estimate Lighthouse.shotline --provider openai --model sora-2',
  ].join('\n'),
  options: { provider: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['dir'],
  async run({ positionals, values, io, overrides }) {
    // Loaded here, not at the top: the services are not needed for --help or a usage error.
    const { openCliProject } = await import('../cli-app');
    const cli = await openCliProject(positionals[0]!, io, overrides);
    try {
      const estimate = cli.project.generation.estimate({ provider: stringOption(values, 'provider'), model: stringOption(values, 'model') });
      if (values.json) {
        io.out(JSON.stringify(estimate, null, 2));
        return;
      }
      const lines = ['  #  Title                     Model                    Size       Secs      Cost'];
      estimate.shots.forEach((s, i) => {
        const title = (s.title || '(untitled)').slice(0, 24).padEnd(24);
        const model = `${s.provider}/${s.model}`.slice(0, 24).padEnd(24);
        lines.push(`${String(i + 1).padStart(3)}  ${title}  ${model} ${s.size.padEnd(10)} ${String(s.seconds).padStart(5)}  ${s.text.padStart(8)}`);
        if (s.problem) lines.push(`     ! ${s.problem}`);
      });
      lines.push('', `Total: ${estimate.totalText}${estimate.includesThirdPartyPrices ? ' (some prices are third-party figures)' : ''}`);
      const { spend } = estimate;
      if (spend.budgetUsd !== null) {
        lines.push(`Budget: ${formatUsd(usdToMicros(spend.budgetUsd))}, spent ${formatUsd(usdToMicros(spend.spentUsd))}, left ${formatUsd(usdToMicros(spend.remainingUsd ?? 0))}`);
      } else if (spend.spentUsd > 0) {
        lines.push(`Spent so far: ${formatUsd(usdToMicros(spend.spentUsd))} (no budget set)`);
      }
      io.out(lines.join('\n'));
    } finally {
      await cli.close();
    }
  },
};
