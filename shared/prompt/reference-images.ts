/**
 * Which of the mentioned elements' images go to the model as identity/style references:
 * round-robin over elements in mention order (each element's first image before anyone's
 * second), within the model's limit, and none when the model cannot combine references with an
 * attached frame. Images of a real person without a consent record are never sent.
 */
import type { Element, ReferenceImage } from '../domain';
import type { ComposeInput } from './types';

export function pickReferenceImages(
  input: ComposeInput,
  mentioned: readonly Element[],
): { images: ReferenceImage[]; warnings: string[] } {
  const warnings: string[] = [];
  const { imageInputs } = input.model;
  const frameAttached = input.imageAttached || Boolean(input.lastFrameAttached);

  const sendable = mentioned.filter((e) => {
    if (e.images.length === 0) return false;
    if (e.realPerson && !e.consent) {
      warnings.push(`${e.name} shows a real person and has no consent record: their images are not sent. Add the consent in the library.`);
      return false;
    }
    return true;
  });
  if (sendable.length === 0 || imageInputs.maxReferences === 0) return { images: [], warnings };

  if (imageInputs.referencesExcludeFrames && frameAttached) {
    warnings.push(
      `The images of ${sendable.map((e) => e.name).join(', ')} are not sent as references: this model cannot combine references with a first or last frame. Remove the frame to use them.`,
    );
    return { images: [], warnings };
  }

  const all: ReferenceImage[] = [];
  const rounds = Math.max(...sendable.map((e) => e.images.length));
  for (let round = 0; round < rounds; round++) {
    for (const e of sendable) {
      const img = e.images[round];
      if (img) all.push(img);
    }
  }
  const sent = all.slice(0, imageInputs.maxReferences);
  // Extra images of an element already represented are dropped quietly; an element left out is not.
  const left = sendable.filter((e) => !e.images.some((img) => sent.includes(img)));
  if (left.length) {
    warnings.push(
      `This model takes ${imageInputs.maxReferences} reference images, so ${left.map((e) => e.name).join(', ')} ${left.length > 1 ? 'get' : 'gets'} none (earlier mentions come first). Mention fewer elements or split the shot.`,
    );
  }
  return { images: sent, warnings };
}
