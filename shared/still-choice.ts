/**
 * Which image model makes a still, and at which of its sizes: pure rules over the registry, so
 * the inspector shows the same choice main will make.
 */
import type { ModelEntry } from './registry/registry-schema';

const parse = (size: string): [number, number] => {
  const [w, h] = size.split('x').map(Number);
  return [w ?? 0, h ?? 0];
};

/**
 * The model size closest to `target`: nearest aspect ratio first (a storyboard frame must keep
 * the shot's framing), then nearest pixel count. Null when the model lists no sizes.
 */
export function nearestSize(sizes: readonly string[], target: string): string | null {
  if (sizes.includes(target)) return target;
  const [tw, th] = parse(target);
  const score = (size: string) => {
    const [w, h] = parse(size);
    return [Math.abs(Math.log(w / h) - Math.log(tw / th)), Math.abs(Math.log((w * h) / (tw * th)))] as const;
  };
  let best: string | null = null;
  let bestScore: readonly [number, number] = [Infinity, Infinity];
  for (const size of sizes) {
    const s = score(size);
    // Aspect differences under 1% count as the same framing (1344x768 vs 16:9).
    const better = s[0] < bestScore[0] - 0.01 || (Math.abs(s[0] - bestScore[0]) <= 0.01 && s[1] < bestScore[1]);
    if (better) {
      best = size;
      bestScore = s;
    }
  }
  return best;
}

/** Active image models, in registry order. */
export function imageModels(models: readonly ModelEntry[], provider?: string): ModelEntry[] {
  return models.filter((m) => m.output === 'image' && m.status.state === 'active' && (!provider || m.provider === provider));
}

/** The local, free still maker every install has. */
export const FREE_STILL = { provider: 'animatic', model: 'animatic-still' } as const;

/**
 * The default still model for a shot: the first image model of the shot's own provider when
 * that provider can be used now (`usable`), otherwise the free local still.
 */
export function defaultStillModel(models: readonly ModelEntry[], shotProvider: string, usable: (provider: string) => boolean): ModelEntry | null {
  const own = usable(shotProvider) ? imageModels(models, shotProvider)[0] : undefined;
  return own ?? models.find((m) => m.provider === FREE_STILL.provider && m.model === FREE_STILL.model) ?? imageModels(models)[0] ?? null;
}
