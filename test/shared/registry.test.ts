import { describe, expect, it } from 'vitest';
import { shippedRegistryJson } from '../../shared/registry/builtin';
import {
  allowedFor,
  checkRequest,
  findModel,
  hostOf,
  mergeRegistry,
  parseRegistryFile,
  parseRegistryOverride,
  RegistryDataError,
  secondsValues,
  shippedRegistry,
  usableModels,
  type Registry,
} from '../../shared/registry/registry';
import type { ModelEntryInput } from '../../shared/registry/registry-schema';

const reg = shippedRegistry();

function model(provider: string, id: string) {
  const m = findModel(reg, provider, id);
  if (!m) throw new Error(`${provider}/${id} missing from the shipped registry`);
  return m;
}

/** A new model of a known provider, written as a user would in models.json. */
const newGoogleModel: ModelEntryInput = {
  provider: 'google',
  model: 'veo-4.0-generate-001',
  displayName: 'Veo 4',
  promptFamily: 'veo',
  sizes: ['1280x720', '3840x2160'],
  seconds: { values: [5, 10] },
  imageInputs: { firstFrame: true, lastFrame: true, maxReferences: 3, referencesExcludeFrames: false },
  audio: true,
  negativePrompt: true,
  prices: [{ sizes: ['*'], usdPerSecond: 0.25, source: 'third-party' }],
  status: { state: 'active' },
};

/** The shipped files as one document, typed loosely as the tests poke at it. */
const shippedJson = shippedRegistryJson() as { models: Array<Record<string, unknown> & { model: string }> };

describe('shipped registry', () => {
  it('validates against the schema and has the expected models', () => {
    expect(() => parseRegistryFile(shippedJson)).not.toThrow();
    const ids = reg.models.map((m) => `${m.provider}/${m.model}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'animatic/animatic',
        'openai/sora-2',
        'openai/sora-2-pro',
        'google/veo-3.1-generate-001',
        'google/veo-3.1-fast-generate-001',
        'google/veo-3.1-generate-preview',
        'google/veo-3.1-fast-generate-preview',
        'vertex/veo-3.1-generate-001',
        'vertex/veo-3.1-fast-generate-001',
        'vertex/veo-3.1-lite-generate-001',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every replacement points at an active model of the registry', () => {
    for (const m of reg.models) {
      if (m.status.state !== 'retired' || !m.status.replacement) continue;
      const r = findModel(reg, m.status.replacement.provider, m.status.replacement.model);
      expect(r, `${m.model} -> ${m.status.replacement.model}`).toBeDefined();
      expect(r?.status.state).toBe('active');
    }
  });

  it('refuses a broken registry file with a message naming the field', () => {
    const broken = structuredClone(shippedJson) as unknown as { models: { seconds: unknown }[] };
    broken.models[1]!.seconds = { values: [] };
    expect(() => parseRegistryFile(broken)).toThrow(RegistryDataError);
    expect(() => parseRegistryFile(broken)).toThrow(/models\.1\.seconds/);
  });

  it('refuses a price row for a size the model does not make', () => {
    const bad = { ...newGoogleModel, prices: [{ sizes: ['1920x1080'], usdPerSecond: 1, source: 'provider' }] };
    expect(() => parseRegistryOverride([bad])).toThrow(/1920x1080, which is not in sizes/);
  });
});

describe('override merge', () => {
  it('adds a model of a known provider with data only, and checkRequest uses it', () => {
    const { registry, added } = mergeRegistry(reg, parseRegistryOverride({ models: [newGoogleModel] }));
    expect(added).toEqual(['google/veo-4.0-generate-001']);
    expect(checkRequest(registry, { provider: 'google', model: 'veo-4.0-generate-001', size: '3840x2160', seconds: 10 }).ok).toBe(true);
    const wrong = checkRequest(registry, { provider: 'google', model: 'veo-4.0-generate-001', size: '3840x2160', seconds: 8 });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.message).toBe('veo-4.0-generate-001 makes 5 or 10 s clips; this shot is 8 s.');
    // The shipped registry is untouched.
    expect(findModel(reg, 'google', 'veo-4.0-generate-001')).toBeUndefined();
  });

  it('replaces a shipped entry in place by provider + model id', () => {
    const sora = structuredClone(shippedJson.models.find((m) => m.model === 'sora-2')) as unknown as ModelEntryInput;
    sora.seconds = { values: [4, 8, 12, 16, 20] };
    const { registry, replaced } = mergeRegistry(reg, parseRegistryOverride([sora]));
    expect(replaced).toEqual(['openai/sora-2']);
    expect(registry.models.length).toBe(reg.models.length);
    expect(registry.models.findIndex((m) => m.model === 'sora-2')).toBe(reg.models.findIndex((m) => m.model === 'sora-2'));
    const r = checkRequest(registry, { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 16, baseUrl: 'http://127.0.0.1:9/v1' });
    expect(r.ok).toBe(true);
  });

  it('skips a model that claims more than its provider\'s adapter can do, and says why', () => {
    const greedy = { ...newGoogleModel, imageInputs: { ...newGoogleModel.imageInputs, maxReferences: 7 } };
    const { registry, skipped } = mergeRegistry(reg, parseRegistryOverride([greedy, { ...newGoogleModel, model: 'free-ride', provider: 'animatic' }]));
    expect(skipped[0]).toMatch(/google\/veo-4.0-generate-001: takes 7 references, but its provider at most 6/);
    expect(skipped[1]).toMatch(/animatic\/free-ride: .*takes a last frame, but its provider takes none.*has a price, but its provider is free/);
    expect(registry.models).toHaveLength(reg.models.length);
  });

  it('the shipped file is checked the same way: a model beyond its provider is a data error naming it', () => {
    const broken = structuredClone(shippedJson) as { models: Array<{ model: string; imageInputs: { maxReferences: number } }> };
    broken.models.find((m) => m.model === 'sora-2')!.imageInputs.maxReferences = 2;
    expect(() => parseRegistryFile(broken)).toThrow(/models\.\d+: sora-2 takes 2 references, but its provider at most 0/);
  });

  it('keeps an input shape name on a model entry and refuses one that is not a plain name', () => {
    const { registry } = mergeRegistry(reg, parseRegistryOverride([{ ...newGoogleModel, inputShape: 'kling-v3' }]));
    expect(findModel(registry, 'google', 'veo-4.0-generate-001')?.inputShape).toBe('kling-v3');
    expect(model('google', 'veo-3.1-generate-001').inputShape).toBeUndefined();
    expect(() => parseRegistryOverride([{ ...newGoogleModel, inputShape: 'Kling V3' }])).toThrow(/models\.0\.inputShape: must be a shape name/);
    expect(() => parseRegistryOverride([{ ...newGoogleModel, inputShapes: 'kling-v3' }])).toThrow(/inputShapes/);
  });

  it('skips a model of a provider the app has no code for, and says why', () => {
    const { registry, skipped } = mergeRegistry(reg, parseRegistryOverride([{ ...newGoogleModel, provider: 'acme' }]));
    expect(skipped[0]).toMatch(/acme\/veo-4.0-generate-001: unknown provider "acme" \(known: animatic, openai, google, vertex, runway, fal, comfyui\)/);
    expect(registry.models.length).toBe(reg.models.length);
  });
});

describe('allowedFor', () => {
  it('lists durations and narrows them by constraints', () => {
    const veo = model('vertex', 'veo-3.1-generate-001');
    expect(allowedFor(veo).seconds).toEqual([4, 6, 8]);
    expect(allowedFor(veo, { size: '1920x1080' })).toMatchObject({ seconds: [8], narrowedBy: ['1080p output'] });
    expect(allowedFor(veo, { references: 2 }).seconds).toEqual([8]);
    expect(allowedFor(veo, { firstFrame: true }).seconds).toEqual([4, 6, 8]);
    expect(allowedFor(veo, { firstFrame: true, lastFrame: true }).seconds).toEqual([8]);
  });

  it('walks a range in its steps', () => {
    const values = secondsValues(model('animatic', 'animatic').seconds!);
    expect(values[0]).toBe(1);
    expect(values[1]).toBe(1.5);
    expect(values.at(-1)).toBe(20);
    expect(values).toHaveLength(39);
  });
});

describe('checkRequest', () => {
  const ok = (r: ReturnType<typeof checkRequest>) => {
    if (!r.ok) throw new Error(r.message);
  };
  const message = (r: ReturnType<typeof checkRequest>) => (r.ok ? '' : r.message);
  const gateway = 'https://gateway.example.com/v1';

  it('refuses a wrong duration and says what is allowed', () => {
    const r = checkRequest(reg, { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 5, baseUrl: gateway });
    expect(r.ok).toBe(false);
    expect(message(r)).toBe('sora-2 makes 4, 8 or 12 s clips; this shot is 5 s.');
    if (!r.ok) expect(r.problems.map((p) => p.kind)).toEqual(['seconds']);
  });

  it('refuses a wrong size and lists the sizes', () => {
    const r = checkRequest(reg, { provider: 'openai', model: 'sora-2', size: '1920x1080', seconds: 4, baseUrl: gateway });
    expect(message(r)).toBe('sora-2 makes 1280x720 or 720x1280; this shot is 1920x1080.');
  });

  it('refuses a model retired everywhere, with the date and the replacement', () => {
    const r = checkRequest(reg, { provider: 'google', model: 'veo-3.1-generate-preview', size: '1280x720', seconds: 8 });
    expect(message(r)).toBe('veo-3.1-generate-preview was retired by the provider on 2026-10-22; pick gemini-omni-1.1-flash.');
  });

  it('refuses sora-2 at OpenAI (default base URL or explicit) with date and replacement', () => {
    for (const baseUrl of [undefined, 'https://api.openai.com/v1', 'HTTPS://API.OPENAI.COM/v1/']) {
      const r = checkRequest(reg, { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, baseUrl });
      expect(r.ok).toBe(false);
      expect(message(r)).toContain('retired by the provider on 2026-09-24');
      expect(message(r)).toContain('pick veo-3.1-generate-001');
    }
  });

  it('allows sora-2 through a non-OpenAI base URL serving the same contract', () => {
    ok(checkRequest(reg, { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 8, baseUrl: gateway }));
    ok(checkRequest(reg, { provider: 'openai', model: 'sora-2', size: '720x1280', seconds: 12, baseUrl: 'http://127.0.0.1:4010/v1' }));
    ok(checkRequest(reg, { provider: 'openai', model: 'sora-2-pro', size: '1792x1024', seconds: 4, baseUrl: gateway }));
  });

  it('refuses references together with a first frame on Veo', () => {
    const r = checkRequest(reg, {
      provider: 'vertex',
      model: 'veo-3.1-generate-001',
      size: '1280x720',
      seconds: 8,
      firstFrame: true,
      references: 2,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.kind)).toEqual(['images']);
    expect(message(r)).toContain('cannot combine reference images with a first or last frame');
  });

  it('applies Veo duration rules as data (1080p, references, first+last frame need 8 s)', () => {
    const base = { provider: 'vertex', model: 'veo-3.1-fast-generate-001', size: '1280x720' };
    ok(checkRequest(reg, { ...base, seconds: 6 }));
    expect(message(checkRequest(reg, { ...base, size: '1080x1920', seconds: 6 }))).toBe(
      'veo-3.1-fast-generate-001 makes only 8 s clips with 1080p output; this shot is 6 s.',
    );
    expect(message(checkRequest(reg, { ...base, seconds: 4, references: 3 }))).toContain('only 8 s clips with reference images');
    expect(message(checkRequest(reg, { ...base, seconds: 4, firstFrame: true, lastFrame: true }))).toContain('with a first and a last frame');
    ok(checkRequest(reg, { ...base, seconds: 8, firstFrame: true, lastFrame: true }));
    expect(message(checkRequest(reg, { ...base, seconds: 8, references: 4 }))).toContain('takes up to 3 reference images; this shot sends 4');
  });

  it('refuses image inputs a model does not take', () => {
    const base = { provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, baseUrl: gateway };
    expect(message(checkRequest(reg, { ...base, firstFrame: true, lastFrame: true }))).toContain('takes no last-frame image');
    expect(message(checkRequest(reg, { ...base, references: 1 }))).toContain('takes no reference images');
    expect(message(checkRequest(reg, { provider: 'vertex', model: 'veo-3.1-generate-001', size: '1280x720', seconds: 8, lastFrame: true }))).toContain(
      'needs a first frame too',
    );
  });

  it('accepts the animatic in half seconds and refuses other fractions with the nearest value', () => {
    ok(checkRequest(reg, { provider: 'animatic', model: 'animatic', size: '1080x1920', seconds: 2.5 }));
    expect(message(checkRequest(reg, { provider: 'animatic', model: 'animatic', size: '1280x720', seconds: 2.7 }))).toBe(
      'animatic makes clips of 1 to 20 s in 0.5 s steps; this shot is 2.7 s (nearest: 2.5 s).',
    );
  });

  it('names an unknown model and what to pick instead', () => {
    // openai's active models are its stills (Sora is retired at OpenAI): the hint names every active model of the provider.
    expect(message(checkRequest(reg, { provider: 'openai', model: 'sora-3', size: '1280x720', seconds: 4 }))).toBe(
      'sora-3 is not in the model registry; pick one of gpt-image-1.5:low, gpt-image-1.5:medium or gpt-image-1.5:high.',
    );
    expect(message(checkRequest(reg, { provider: 'vertex', model: 'veo-9', size: '1280x720', seconds: 4 }))).toBe(
      'veo-9 is not in the model registry; pick one of veo-3.1-generate-001, veo-3.1-fast-generate-001 or veo-3.1-lite-generate-001.',
    );
    expect(message(checkRequest(reg, { provider: 'acme', model: 'x', size: '1280x720', seconds: 4 }))).toContain('"acme" is not a known provider');
  });
});

describe('helpers', () => {
  it('reads the host of a base URL', () => {
    expect(hostOf('https://api.openai.com/v1')).toBe('api.openai.com');
    expect(hostOf('http://user:pw@127.0.0.1:8080/v1')).toBe('127.0.0.1');
    expect(hostOf('not a url')).toBeNull();
  });

  it('usableModels hides retired models unless a base URL still serves them', () => {
    const r: Registry = reg;
    const atOpenAI = usableModels(r).map((m) => m.model);
    expect(atOpenAI).not.toContain('sora-2');
    expect(atOpenAI).not.toContain('veo-3.1-generate-preview');
    expect(atOpenAI).toContain('animatic');
    expect(usableModels(r, { openai: 'http://127.0.0.1:4010/v1' }).map((m) => m.model)).toContain('sora-2');
  });
});
