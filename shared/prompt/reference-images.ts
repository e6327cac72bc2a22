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
  if (all.length > imageInputs.maxReferences) {
    warnings.push(
      `${all.length} reference images are available but this model takes ${imageInputs.maxReferences}; the first ${imageInputs.maxReferences} are sent (one per element first, in mention order).`,
    );
  }
  return { images: all.slice(0, imageInputs.maxReferences), warnings };
}
