/**
 * The model catalogue as Markdown: every model of the registry with what it takes, its price
 * and where the price comes from. Pure, so docs/models.md is written from the same data the app
 * reads (main/build/write-models-doc.ts) and a test fails when the file falls behind.
 */
import { allowedFor, type Registry } from './registry';
import { priceOf, type ModelEntry, type PriceRow } from './registry-schema';

const UNIT_TEXT = { usdPerSecond: '$/s', creditsPerSecond: 'credits/s', usdPerImage: '$/image', creditsPerImage: 'credits/image' } as const;

function inputs(model: ModelEntry): string {
  const img = model.imageInputs;
  const parts = [img.firstFrame && 'first frame', img.lastFrame && 'last frame', img.maxReferences > 0 && `${img.maxReferences} reference${img.maxReferences === 1 ? '' : 's'}${img.referencesExcludeFrames ? ' (not with a frame)' : ''}`];
  return parts.filter(Boolean).join(', ') || 'text only';
}

function extras(model: ModelEntry): string {
  return [model.audio && 'audio', model.negativePrompt && 'negative prompt', model.inputShape && `shape \`${model.inputShape}\``].filter(Boolean).join(', ') || '';
}

function price(row: PriceRow): string {
  const { unit, amount } = priceOf(row);
  const sizes = row.sizes.includes('*') ? '' : ` (${row.sizes.join(', ')})`;
  return `${amount === null ? 'unknown' : `${amount} ${UNIT_TEXT[unit]}`}${sizes}`;
}

function status(model: ModelEntry): string {
  if (model.status.state === 'active') return 'active';
  const r = model.status.replacement;
  return `retired ${model.status.date}${r ? `, use ${r.provider} ${r.model}` : ''}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The catalogue, one table per provider, in registry order. */
export function modelsTable(registry: Registry): string {
  const out = ['# Models', '', 'Written from the model registry (`shared/registry/providers/*.json`) by `npm run docs:models`; do not edit by hand.', ''];
  for (const [id, provider] of Object.entries(registry.providers)) {
    const models = registry.models.filter((m) => m.provider === id);
    out.push(`## ${provider.displayName} (\`${id}\`)`, '');
    if (provider.billing.usdPerCredit !== undefined) out.push(`Credits cost $${provider.billing.usdPerCredit} each.`, '');
    out.push('| Model | Makes | Sizes | Seconds | Takes | Also | Price | Price source | Status |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const m of models) {
      const seconds = m.output === 'video' ? allowedFor(m).secondsText : '-';
      const sources = [...new Set(m.prices.map((p) => p.source))].join(', ');
      out.push(
        `| ${[`\`${m.model}\` ${m.displayName}`, m.output === 'video' ? 'clip' : 'still', m.sizes.join(', '), seconds, inputs(m), extras(m), m.prices.map(price).join('; '), sources, status(m)].map(cell).join(' | ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
