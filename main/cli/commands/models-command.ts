/**
 * `shotline models`: the models a shot can use, as the registry has them here (shipped list plus
 * the user's models.json), with what each makes and costs, and whether its provider can be used
 * now (a key or address in the environment). What a shot list's `provider`/`model` may name.
 */
import { allowedFor } from '../../../shared/registry/registry';
import { priceOf } from '../../../shared/registry/registry-schema';
import { stringOption, type CliCommand } from '../command';

const UNIT = { usdPerSecond: '$/s', creditsPerSecond: 'credits/s', usdPerImage: '$/image', creditsPerImage: 'credits/image' } as const;

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'List the models a shot can use, with sizes, lengths, prices and whether each provider is ready.',
  usage: 'shotline models [--provider ID] [--all] [--json]',
  help: [
    'Active models from the registry (the shipped list and your models.json in SHOTLINE_HOME),',
    'grouped by provider, with the sizes and lengths each makes, its first price row, and whether',
    'the provider can be used now (its key or address is set in the environment).',
    '',
    '  --provider ID  only this provider',
    '  --all          include retired models (with their replacement)',
    '  --json         the model entries as JSON',
  ].join('\n'),
  options: { provider: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ values, io, overrides }) {
    const { openCliApp } = await import('../cli-app');
    const app = openCliApp(io, overrides);
    try {
      const registry = app.registry.registry();
      const only = stringOption(values, 'provider');
      if (only && !registry.providers[only]) throw new Error(`There is no provider "${only}"; use one of ${Object.keys(registry.providers).join(', ')}.`);
      const models = registry.models.filter((m) => (!only || m.provider === only) && (values.all === true || m.status.state === 'active'));
      if (values.json) {
        io.out(JSON.stringify(models, null, 2));
        return;
      }
      for (const [id, provider] of Object.entries(registry.providers)) {
        const own = models.filter((m) => m.provider === id);
        if (own.length === 0) continue;
        let ready = 'ready';
        try {
          app.providers.get(id);
        } catch (error) {
          const env = [...provider.auth.keyEnv, ...(provider.auth.kind === 'baseUrl' ? provider.auth.baseUrlEnv : [])][0];
          ready = `not ready: ${app.scrub(error instanceof Error ? error.message : String(error))}${env ? ` For the command line, set ${env}.` : ''}`;
        }
        io.out(`${provider.displayName} (${id}) \u2014 ${ready}`);
        for (const m of own) {
          const { unit, amount } = priceOf(m.prices[0]!);
          const price = amount === null ? 'price unknown' : `${amount} ${UNIT[unit]}`;
          const length = m.output === 'video' ? allowedFor(m).secondsText : 'still';
          const gone = m.status.state === 'retired' ? ` [retired ${m.status.date}${m.status.replacement ? `, use ${m.status.replacement.model}` : ''}]` : '';
          io.out(`  ${m.model.padEnd(44)} ${length.padEnd(24)} ${price.padEnd(16)} ${m.sizes.slice(0, 4).join(' ')}${m.sizes.length > 4 ? ' \u2026' : ''}${gone}`);
        }
        io.out('');
      }
    } finally {
      await app.dispose();
    }
  },
};
