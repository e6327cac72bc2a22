/**
 * What the shot's model does with its reference images, in words, from the model entry alone
 * (the same rules main's request builder follows): whether the first is its first frame, how
 * many more it takes, and whether references go at all when a frame is sent.
 */
import type { ModelEntry } from '../../shared/registry/registry-schema';

export function referenceCapacity(model: Pick<ModelEntry, 'displayName' | 'imageInputs'>): string {
  const { firstFrame, lastFrame, maxReferences, referencesExcludeFrames } = model.imageInputs;
  const parts: string[] = [];
  parts.push(firstFrame ? 'The first image is its first frame.' : 'It takes no first frame.');
  if (maxReferences === 0) parts.push(firstFrame ? 'It takes no other reference images.' : 'It takes no reference images: they are not sent.');
  else parts.push(`It takes up to ${maxReferences} reference image${maxReferences === 1 ? '' : 's'}${firstFrame ? ' besides' : ''}.`);
  if (maxReferences > 0 && referencesExcludeFrames) {
    parts.push(`References are not sent with a first${lastFrame ? ' or end' : ''} frame: with one, only the frame goes.`);
  }
  return `${model.displayName}: ${parts.join(' ')}`;
}
