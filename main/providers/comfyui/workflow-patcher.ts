/**
 * Patches a shot into an API-format ComfyUI workflow, by the targets of its mapping
 * (workflow-mapping.ts). Pure: a copy of the graph in, a patched copy out, or a WorkflowError
 * that says which target matched nothing (or too much) and what to fix.
 *
 * A target input that is a link `["<id>", slot]` to a primitive node (`PrimitiveInt`,
 * `PrimitiveFloat`, `PrimitiveStringMultiline`...) is set on the primitive's `value`: that is how
 * exported templates share one frame count between the video latent and the audio latent, so
 * both stay equal. A link to any other node is a computed value and cannot be set.
 */
import { MAPPED_INPUTS, type MappedInput, type MappingTarget, type WorkflowMapping } from './workflow-mapping';

/** One node of an API-format graph (`File -> Export (API)`). */
export interface ApiNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

/** An API-format graph: node id -> node. */
export type ApiWorkflow = Record<string, ApiNode>;

/** What a shot sets; absent values leave the workflow's own. */
export interface PatchValues {
  prompt: string;
  negativePrompt?: string;
  /** The uploaded image's name as `/upload/image` returned it (`subfolder/name`). */
  image?: string;
  width?: number;
  height?: number;
  frames?: number;
  fps?: number;
  seed?: number;
}

/** Why a workflow could not take the shot. */
export class WorkflowError extends Error {
  constructor(
    readonly code: 'not_api_format' | 'unknown_model' | 'no_match' | 'ambiguous' | 'computed' | 'missing_input',
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

const PRIMITIVES = new Set(['PrimitiveInt', 'PrimitiveFloat', 'PrimitiveString', 'PrimitiveStringMultiline', 'PrimitiveBoolean', 'PrimitiveNode']);

const isLink = (v: unknown): v is [string, number] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';

/**
 * The graph as an API-format workflow, or a WorkflowError that says what it is instead. A UI
 * ("save") workflow has `nodes` and `links` arrays; `/prompt` takes only the API format.
 */
export function asApiWorkflow(json: unknown, name: string): ApiWorkflow {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new WorkflowError('not_api_format', `The workflow ${name} is not a JSON object of nodes.`);
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.nodes) && Array.isArray(record.links)) {
    throw new WorkflowError(
      'not_api_format',
      `The workflow ${name} is a UI workflow (it has "nodes" and "links"); ComfyUI's /prompt takes only the API format. In ComfyUI use File -> Export (API) and save that file instead.`,
    );
  }
  const entries = Object.entries(record);
  if (entries.length === 0) throw new WorkflowError('not_api_format', `The workflow ${name} has no nodes.`);
  for (const [id, node] of entries) {
    const n = node as Partial<ApiNode> | null;
    if (!n || typeof n !== 'object' || typeof n.class_type !== 'string' || !n.inputs || typeof n.inputs !== 'object') {
      throw new WorkflowError('not_api_format', `Node "${id}" of the workflow ${name} has no class_type or inputs, so this is not an API-format export; use File -> Export (API) in ComfyUI.`);
    }
  }
  return record as unknown as ApiWorkflow;
}

function describeTarget(t: MappingTarget): string {
  const parts = [t.classType ? `class ${t.classType}` : null, t.title ? `title containing "${t.title}"` : null, t.node ? `id ${t.node}` : null].filter(Boolean);
  return `${parts.join(', ')} (input ${t.input})`;
}

/** Node ids matching a target, in the graph's order. */
export function findNodes(workflow: ApiWorkflow, target: MappingTarget): string[] {
  const title = target.title?.toLowerCase();
  return Object.entries(workflow)
    .filter(([id, node]) =>
      (target.node === undefined || id === target.node) &&
      (target.classType === undefined || node.class_type === target.classType) &&
      (title === undefined || (node._meta?.title ?? '').toLowerCase().includes(title)),
    )
    .map(([id]) => id);
}

/** Where a target's value is written: the node itself, or the primitive its input links to. */
function resolveSlot(workflow: ApiWorkflow, id: string, target: MappingTarget, name: string): { node: ApiNode; input: string } {
  const node = workflow[id]!;
  if (!(target.input in node.inputs)) {
    throw new WorkflowError('missing_input', `Node ${id} (${node.class_type}) of the workflow ${name} has no input "${target.input}"; fix the mapping for ${describeTarget(target)}.`);
  }
  const value = node.inputs[target.input];
  if (!isLink(value)) return { node, input: target.input };
  const source = workflow[value[0]];
  if (source && PRIMITIVES.has(source.class_type) && 'value' in source.inputs && !isLink(source.inputs.value)) return { node: source, input: 'value' };
  throw new WorkflowError(
    'computed',
    `Input "${target.input}" of node ${id} (${node.class_type}) in the workflow ${name} is computed by node ${value[0]} (${source?.class_type ?? 'missing'}), so it cannot be set; map the node that holds the value instead.`,
  );
}

/**
 * Returns a patched copy of `workflow`. `values` the mapping does not map are ignored when
 * absent and refused when present (the shot would silently lose them): a prompt, an image or
 * a frame count the workflow cannot take is an error the user must see.
 */
export function patchWorkflow(workflow: ApiWorkflow, mapping: WorkflowMapping, values: PatchValues, name: string): ApiWorkflow {
  const out = structuredClone(workflow);
  for (const key of MAPPED_INPUTS) {
    const value = values[key as MappedInput];
    if (value === undefined) continue;
    const targets = mapping.inputs[key];
    if (!targets) {
      // A negative prompt or a seed the workflow has no place for is not worth refusing a shot.
      if (key === 'negativePrompt' || key === 'seed' || key === 'fps' || key === 'width' || key === 'height') continue;
      throw new WorkflowError('no_match', `The workflow ${name} has no ${key === 'image' ? 'image input (a LoadImage node in its mapping)' : `mapping for the ${key}`}; add one to its .map.json or pick another model.`);
    }
    for (const target of Array.isArray(targets) ? targets : [targets]) {
      const ids = findNodes(out, target);
      if (ids.length === 0) {
        throw new WorkflowError('no_match', `No node of the workflow ${name} matches the ${key} target: ${describeTarget(target)}. Fix the mapping, or re-export the workflow with that node.`);
      }
      if (ids.length > 1 && !target.all) {
        throw new WorkflowError(
          'ambiguous',
          `The ${key} target ${describeTarget(target)} matches nodes ${ids.join(', ')} of the workflow ${name}; give the target a title that picks one (or "all": true to set every one).`,
        );
      }
      for (const id of ids) {
        const slot = resolveSlot(out, id, target, name);
        slot.node.inputs[slot.input] = value;
      }
    }
  }
  return out;
}

/** Seconds as a frame count the model takes: `step * n + 1` frames at `fps` (n >= 1), nearest to the asked length. */
export function framesFor(seconds: number, fps: number, step: number): number {
  const exact = seconds * fps;
  if (step <= 1) return Math.max(1, Math.round(exact));
  return Math.max(1, Math.round(exact / step)) * step + 1;
}

/** A width or height rounded to the nearest multiple of `step` (ties go down, as the latents floor). */
export function snapSize(value: number, step: number): number {
  if (step <= 1) return value;
  return Math.max(step, Math.ceil(value / step - 0.5) * step);
}
