/**
 * The composed prompt for the inspector's read-only preview, from the shared composer with the
 * inputs main uses when it prepares the request (main/generation/prepare-inputs.ts): a first
 * frame is attached when the shot continues the previous one or has a reference image, and the
 * model takes a first frame.
 */
import { composePrompt } from '../../shared/prompt/compose-prompt';
import { findModel, type Registry } from '../../shared/registry/registry';
import type { Element, Project, Shot } from '../../shared/domain';

export interface PromptPreview {
  prompt: string;
  negativePrompt: string | null;
  warnings: string[];
  /** Why there is no prompt (unknown model, unknown @mention), or null. */
  problem: string | null;
}

export function previewPrompt(project: Project, shot: Shot, elements: readonly Element[], registry: Registry): PromptPreview {
  const model = findModel(registry, shot.provider, shot.model);
  if (!model) return { prompt: '', negativePrompt: null, warnings: [], problem: `${shot.model} is not in the model registry; pick another model.` };
  const imageAttached = model.imageInputs.firstFrame && (shot.continuePrevious || shot.references.length > 0);
  try {
    const composed = composePrompt({ style: project.style, shot, elements, model, imageAttached });
    return { prompt: composed.prompt, negativePrompt: composed.negativePrompt ?? null, warnings: composed.warnings, problem: null };
  } catch (error) {
    return { prompt: '', negativePrompt: null, warnings: [], problem: error instanceof Error ? error.message : String(error) };
  }
}
