import { describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../shared/domain';
import { canonicalJson, requestHash } from '../../main/generation/request-hash';
import { retryDelayMs } from '../../main/generation/backoff';

const base: GenerationRequest = {
  provider: 'openai',
  model: 'sora-2',
  prompt: 'Mara climbs the stairs.',
  seconds: 4,
  size: '1280x720',
  fps: { num: 24, den: 1 },
  firstFrame: { file: 'media/inputs/a.png', name: 'first-frame.png', mime: 'image/png', width: 1280, height: 720, sha256: 'aa' },
};

describe('requestHash', () => {
  it('is the same for the same request whatever the key order or file names', () => {
    const reordered = JSON.parse(canonicalJson({ ...base, firstFrame: { ...base.firstFrame!, file: 'media/inputs/b.png', name: 'x.png' } })) as GenerationRequest;
    expect(requestHash(reordered)).toBe(requestHash(base));
    // A request without the sound setting hashes as before the field existed.
    expect(requestHash({ ...base, audio: undefined })).toBe(requestHash(base));
  });

  it('changes with each thing that changes the result', () => {
    const h = requestHash(base);
    expect(requestHash({ ...base, prompt: 'Mara climbs the stairs slowly.' })).not.toBe(h);
    expect(requestHash({ ...base, seconds: 8 })).not.toBe(h);
    expect(requestHash({ ...base, size: '720x1280' })).not.toBe(h);
    expect(requestHash({ ...base, model: 'sora-2-pro' })).not.toBe(h);
    expect(requestHash({ ...base, seed: 7 })).not.toBe(h);
    expect(requestHash({ ...base, audio: false })).not.toBe(h);
    expect(requestHash({ ...base, audio: true })).not.toBe(requestHash({ ...base, audio: false }));
    expect(requestHash({ ...base, firstFrame: { ...base.firstFrame!, sha256: 'bb' } })).not.toBe(h);
  });
});

describe('retryDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 8000, maxAttempts: 6 };
  it('grows exponentially with jitter inside [d/2, d], capped, and honours retry-after', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 3, undefined, () => 1)).toBe(4000);
    expect(retryDelayMs(policy, 10, undefined, () => 1)).toBe(8000);
    expect(retryDelayMs(policy, 1, 3000, () => 0)).toBe(3000);
  });
});
