/**
 * How a ComfyUI API-format workflow takes a shot: which node inputs receive the prompt, the
 * negative prompt, the first-frame image, the size, the frame count, the frame rate and the
 * seed. The built-in templates (assets/comfyui/) and the user's own exported workflows are
 * described the same way, in a `<name>.map.json` beside the `<name>.json` graph.
 *
 * Nodes are found by class and title, not by id: an export's ids change whenever the graph is
 * edited or a subgraph is flattened (inner nodes become `"129:98"`), while `class_type` and the
 * title a user gave a node survive. A node id is accepted as a last resort for a user's file.
 */
import { z } from 'zod';

/**
 * One node input to set. Every given condition must hold: `classType` equals the node's
 * `class_type`, `title` is contained in its `_meta.title` (case-insensitive), `node` equals its
 * id. Exactly one node must match unless `all` is set (then every match is set).
 */
export const MappingTarget = z
  .strictObject({
    classType: z.string().min(1).max(200).optional(),
    title: z.string().min(1).max(200).optional(),
    node: z.string().min(1).max(100).optional(),
    input: z.string().min(1).max(200),
    all: z.boolean().optional(),
  })
  .refine((t) => t.classType !== undefined || t.title !== undefined || t.node !== undefined, 'a target needs a classType, a title or a node id');
export type MappingTarget = z.infer<typeof MappingTarget>;

/** One target, or several set to the same value (fps lives in the conditioning and the muxer). */
const Targets = z.union([MappingTarget, z.array(MappingTarget).min(1).max(16)]);

/** The values a shot can set, each optional except the prompt. */
export const MAPPED_INPUTS = ['prompt', 'negativePrompt', 'image', 'width', 'height', 'frames', 'fps', 'seed'] as const;
export type MappedInput = (typeof MAPPED_INPUTS)[number];

export const WorkflowMapping = z
  .strictObject({
    $comment: z.string().optional(),
    /** What the workflow saves: a clip (SaveVideo, MP4) or a still (SaveImage). */
    output: z.enum(['video', 'image']),
    /** The frame rate the workflow renders at; seconds become frames at this rate. Videos only. */
    fps: z.number().positive().max(120).optional(),
    /** Frame counts the model takes: `frameStep * n + 1` (LTX 8, Wan 4); 1 = any count. */
    frameStep: z.number().int().min(1).max(64).default(1),
    /** Width and height are rounded to multiples of this (LTX 32, Wan 16). */
    sizeStep: z.number().int().min(1).max(256).default(1),
    inputs: z.strictObject({
      prompt: Targets,
      negativePrompt: Targets.optional(),
      image: Targets.optional(),
      width: Targets.optional(),
      height: Targets.optional(),
      frames: Targets.optional(),
      fps: Targets.optional(),
      seed: Targets.optional(),
    }),
  })
  .superRefine((m, ctx) => {
    if (m.output === 'video' && m.fps === undefined) ctx.addIssue({ code: 'custom', path: ['fps'], message: 'a video workflow needs the frame rate it renders at' });
    if (m.output === 'video' && !m.inputs.frames) ctx.addIssue({ code: 'custom', path: ['inputs', 'frames'], message: 'a video workflow needs its frame count mapped (the clip length)' });
  });
export type WorkflowMapping = z.infer<typeof WorkflowMapping>;
export type WorkflowMappingInput = z.input<typeof WorkflowMapping>;

/** Parses a mapping file's JSON; the message names the field that is wrong. */
export function parseWorkflowMapping(json: unknown): { ok: true; mapping: WorkflowMapping } | { ok: false; message: string } {
  const parsed = WorkflowMapping.safeParse(json);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  const message = parsed.error.issues
    .slice(0, 4)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'file'}: ${i.message}`)
    .join('; ');
  return { ok: false, message };
}
