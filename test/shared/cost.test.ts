import { describe, expect, it } from 'vitest';
import { estimateSequence, estimateShot, formatUsd, priceMicros, usdToMicros } from '../../shared/cost';
import { findModel, mergeRegistry, parseRegistryOverride, shippedRegistry, type Registry } from '../../shared/registry/registry';
import { ModelEntry, modelBeyondProvider, type ProviderEntry } from '../../shared/registry/registry-schema';

const reg = shippedRegistry();
const shot = (id: string, provider: string, model: string, size: string, seconds: number) => ({ id, provider, model, size, seconds });

describe('prices', () => {
  it('reads price per second per size from the registry', () => {
    const pro = findModel(reg, 'openai', 'sora-2-pro')!;
    expect(priceMicros(reg, pro, '1280x720', 1)).toBe(300_000);
    expect(priceMicros(reg, pro, '1024x1792', 1)).toBe(500_000);
    expect(priceMicros(reg, pro, '1920x1080', 1)).toBeNull(); // listed as unknown
    expect(priceMicros(reg, pro, '640x360', 1)).toBeNull(); // not offered
    expect(priceMicros(reg, findModel(reg, 'google', 'veo-3.1-fast-generate-001')!, '1920x1080', 1)).toBe(150_000);
  });
});

describe('estimates', () => {
  it('3 x 4 s of sora-2 at $0.10/s is exactly $1.20', () => {
    const shots = [1, 2, 3].map((i) => shot(`s${i}`, 'openai', 'sora-2', '1280x720', 4));
    const est = estimateSequence(reg, shots);
    expect(est.totalMicros).toBe(1_200_000);
    expect(est.totalText).toBe('$1.20');
    expect(est.perShot.map((e) => e.text)).toEqual(['$0.40', '$0.40', '$0.40']);
    // The float way drifts: 0.1*4 three times is not 1.2.
    expect(0.1 * 4 + 0.1 * 4 + 0.1 * 4).not.toBe(1.2);
  });

  it('has no drift over many small amounts', () => {
    const shots = Array.from({ length: 1000 }, (_, i) => shot(`s${i}`, 'openai', 'sora-2', '720x1280', 0.5 + (i % 2) * 0.5));
    // 500 x 0.5 s + 500 x 1 s = 750 s at $0.10 = $75.00
    expect(estimateSequence(reg, shots).totalMicros).toBe(75_000_000);
  });

  it('animatic shots cost $0', () => {
    const e = estimateShot(reg, shot('a', 'animatic', 'animatic', '1920x1080', 12.5));
    expect(e).toMatchObject({ micros: 0, text: '$0.00', source: 'local' });
  });

  it('mixes models per shot, and keeps unknown prices out of the total with a note', () => {
    const est = estimateSequence(reg, [
      shot('a', 'animatic', 'animatic', '1280x720', 5),
      shot('b', 'google', 'veo-3.1-generate-001', '1280x720', 6), // 2.40
      shot('c', 'openai', 'sora-2-pro', '1792x1024', 12), // 6.00
      shot('d', 'openai', 'sora-2-pro', '1920x1080', 8), // unknown
      shot('e', 'openai', 'nope', '1280x720', 4), // unknown model
    ]);
    expect(est.totalMicros).toBe(8_400_000);
    expect(est.totalText).toBe('$8.40 + 2 shot(s) with unknown price');
    expect(est.unknownShotIds).toEqual(['d', 'e']);
    expect(est.includesThirdPartyPrices).toBe(true);
    expect(est.perShot[3]?.note).toContain('No price is known for sora-2-pro at 1920x1080');
    expect(est.perShot[4]?.note).toContain('nope is not in the model registry');
  });

  it('uses an override price once the user sets one', () => {
    const pro = structuredClone(findModel(reg, 'openai', 'sora-2-pro')!);
    pro.prices = [{ sizes: ['*'], usdPerSecond: 0.7, source: 'provider' }];
    const { registry } = mergeRegistry(reg, parseRegistryOverride([pro]));
    expect(estimateShot(registry, shot('d', 'openai', 'sora-2-pro', '1920x1080', 8)).text).toBe('$5.60');
  });
});

describe('credits and stills', () => {
  /** The shipped registry plus a provider that bills in credits and makes stills too. */
  function withCreditsProvider(): Registry {
    const openai = reg.providers.openai!;
    const credits: ProviderEntry = {
      ...openai,
      capabilities: { ...openai.capabilities, stills: true },
      billing: { kind: 'credits', usdPerCredit: 0.01 },
    };
    const video = ModelEntry.parse({
      ...structuredClone(findModel(reg, 'openai', 'sora-2')!),
      provider: 'credited',
      model: 'clip-1',
      prices: [{ sizes: ['*'], creditsPerSecond: 12, source: 'provider' }],
    });
    const still = ModelEntry.parse({
      ...structuredClone(findModel(reg, 'openai', 'sora-2')!),
      provider: 'credited',
      model: 'frame-1',
      output: 'image',
      seconds: undefined,
      prices: [{ sizes: ['1280x720'], creditsPerImage: 5, source: 'provider' }],
    });
    return { ...reg, providers: { ...reg.providers, credited: credits }, models: [...reg.models, video, still] };
  }

  it('turns credits per second into USD at the provider rate', () => {
    const registry = withCreditsProvider();
    // 12 credits/s x 5 s x $0.01 = $0.60
    expect(estimateShot(registry, shot('a', 'credited', 'clip-1', '1280x720', 5))).toMatchObject({ micros: 600_000, text: '$0.60' });
  });

  it('prices a still per image, whatever the shot length', () => {
    const registry = withCreditsProvider();
    const still = findModel(registry, 'credited', 'frame-1')!;
    expect(priceMicros(registry, still, '1280x720', 12)).toBe(50_000);
    expect(priceMicros(registry, still, '1280x720', 3)).toBe(50_000);
  });

  it('refuses a row in two units, a credit price at a USD provider, and a video priced per image', () => {
    const sora = structuredClone(findModel(reg, 'openai', 'sora-2')!);
    expect(() => ModelEntry.parse({ ...sora, prices: [{ sizes: ['*'], usdPerSecond: 0.1, usdPerImage: 0.1, source: 'provider' }] })).toThrow(/exactly one/);
    expect(() => ModelEntry.parse({ ...sora, prices: [{ sizes: ['*'], usdPerImage: 0.1, source: 'provider' }] })).toThrow(/priced per second/);
    const credited = ModelEntry.parse({ ...sora, prices: [{ sizes: ['*'], creditsPerSecond: 1, source: 'provider' }] });
    expect(modelBeyondProvider(credited, reg.providers.openai!)).toContain('is priced in credits, but its provider bills in USD');
  });
});

describe('formatUsd', () => {
  it('rounds half up to the cent and groups thousands', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1_234_567_890)).toBe('$1,234.57');
    expect(formatUsd(15_000)).toBe('$0.02');
    expect(formatUsd(14_999)).toBe('$0.01');
    expect(formatUsd(1_005_000)).toBe('$1.01');
    expect(formatUsd(-2_500_000)).toBe('-$2.50');
  });

  it('never shows a paid amount as free', () => {
    expect(formatUsd(1)).toBe('<$0.01');
    expect(formatUsd(4_999)).toBe('<$0.01');
  });

  it('converts USD to micro-dollars without float noise', () => {
    expect(usdToMicros(0.1)).toBe(100_000);
    expect(usdToMicros(0.3)).toBe(300_000);
    expect(usdToMicros(1.15)).toBe(1_150_000);
  });
});
