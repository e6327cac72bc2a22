/**
 * The pure parts of the ComfyUI provider: the shipped templates and their mappings, the
 * patcher (by class and title, through primitives, never by a fixed id), user workflow files,
 * frame and size rules, the host pool and the ids derived from the idempotency key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { promptIdFor, seedFor } from '../../main/providers/comfyui/comfyui-provider';
import { hostForBase, leastBusy, parseHosts, parseRemoteId, remoteIdOf } from '../../main/providers/comfyui/host-pool';
import { builtInWorkflows, userWorkflow, workflowFor } from '../../main/providers/comfyui/workflow-catalog';
import { parseWorkflowMapping, type WorkflowMappingInput } from '../../main/providers/comfyui/workflow-mapping';
import { asApiWorkflow, findNodes, framesFor, patchWorkflow, snapSize, WorkflowError, type ApiWorkflow } from '../../main/providers/comfyui/workflow-patcher';
import { shippedRegistry } from '../../shared/registry/registry';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(() => cleanupTempDirs());

const mapping = (m: WorkflowMappingInput) => {
  const parsed = parseWorkflowMapping(m);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.mapping;
};

function errorOf(fn: () => unknown): WorkflowError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowError);
    return error as WorkflowError;
  }
  throw new Error('expected a WorkflowError');
}

/** Two prompts told apart only by title, a frame count shared through a primitive, ids as a flattened subgraph exports them. */
const graph: ApiWorkflow = {
  '129:1': { class_type: 'CLIPTextEncode', inputs: { text: 'old positive', clip: ['129:9', 0] }, _meta: { title: 'CLIP Text Encode (Positive Prompt)' } },
  '129:2': { class_type: 'CLIPTextEncode', inputs: { text: 'old negative', clip: ['129:9', 0] }, _meta: { title: 'CLIP Text Encode (Negative Prompt)' } },
  '129:3': { class_type: 'PrimitiveInt', inputs: { value: 97 }, _meta: { title: 'Length' } },
  '129:4': { class_type: 'EmptyLTXVLatentVideo', inputs: { width: 768, height: 512, length: ['129:3', 0], batch_size: 1 } },
  '129:5': { class_type: 'LTXVEmptyLatentAudio', inputs: { frames_number: ['129:3', 0], frame_rate: 25, batch_size: 1, audio_vae: ['129:9', 0] } },
  '129:6': { class_type: 'MathExpression', inputs: { expression: 'a*2', a: ['129:3', 0] } },
  '129:7': { class_type: 'ResizeThing', inputs: { width: ['129:6', 0] } },
  '129:9': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'x.safetensors' } },
};

describe('shipped ComfyUI templates', () => {
  const shipped = builtInWorkflows();

  it('has a template for every ComfyUI model of the registry, and no template without a model', () => {
    const models = shippedRegistry().models.filter((m) => m.provider === 'comfyui');
    expect(models.map((m) => m.model).sort()).toEqual(Object.keys(shipped).sort());
    for (const model of models) {
      const variants = shipped[model.model]!;
      for (const v of [variants.text, variants.image]) if (v) expect(v.mapping.output).toBe(model.output);
      // A model takes a first frame exactly when it has an image variant.
      expect(Boolean(variants.image)).toBe(model.imageInputs.firstFrame);
      // Video models' lengths are whole frame steps of the template's rate.
      if (model.output === 'video') expect(variants.text?.mapping.fps ?? variants.image?.mapping.fps).toBeGreaterThan(0);
    }
  });

  it('patches every value of a shot into the LTX-2 templates, by class and title', () => {
    const t2v = shipped['ltx-2-19b-distilled']!.text!;
    const before = JSON.stringify(t2v.workflow);
    const out = patchWorkflow(t2v.workflow, t2v.mapping, { prompt: 'A door opens.', negativePrompt: 'subtitles', width: 768, height: 512, frames: 49, fps: 24, seed: 1234 }, t2v.name);
    expect(JSON.stringify(t2v.workflow)).toBe(before); // the template itself is untouched
    const of = (cls: string, title?: string) => Object.values(out).filter((n) => n.class_type === cls && (!title || n._meta?.title?.includes(title)));
    expect(of('CLIPTextEncode', 'Positive')[0]!.inputs.text).toBe('A door opens.');
    expect(of('CLIPTextEncode', 'Negative')[0]!.inputs.text).toBe('subtitles');
    expect(of('EmptyLTXVLatentVideo')[0]!.inputs).toMatchObject({ width: 768, height: 512 });
    // The frame count lives in one PrimitiveInt that both the video and the audio latent read.
    const latent = of('EmptyLTXVLatentVideo')[0]!;
    const audio = of('LTXVEmptyLatentAudio')[0]!;
    expect(latent.inputs.length).toEqual(audio.inputs.frames_number);
    expect(out[(latent.inputs.length as [string, number])[0]]!.inputs.value).toBe(49);
    expect([of('LTXVConditioning')[0]!.inputs.frame_rate, audio.inputs.frame_rate, of('CreateVideo')[0]!.inputs.fps]).toEqual([24, 24, 24]);
    expect(of('RandomNoise')[0]!.inputs.noise_seed).toBe(1234);

    const i2v = shipped['ltx-2-19b-distilled']!.image!;
    const withImage = patchWorkflow(i2v.workflow, i2v.mapping, { prompt: 'p', frames: 25, image: 'shotline-abc.png' }, i2v.name);
    expect(Object.values(withImage).find((n) => n.class_type === 'LoadImage')!.inputs.image).toBe('shotline-abc.png');
  });

  it('sends the Wan 2.2 seed to the high-noise pass only, the image to LoadImage, the length to WanImageToVideo', () => {
    const wan = shipped['wan2.2-i2v-a14b']!.image!;
    const out = patchWorkflow(wan.workflow, wan.mapping, { prompt: 'She turns.', image: 'in.png', width: 832, height: 480, frames: 81, fps: 16, seed: 77 }, wan.name);
    const samplers = Object.values(out).filter((n) => n.class_type === 'KSamplerAdvanced');
    expect(samplers.map((s) => [s.inputs.add_noise, s.inputs.noise_seed])).toEqual([['enable', 77], ['disable', 0]]);
    expect(Object.values(out).find((n) => n.class_type === 'WanImageToVideo')!.inputs).toMatchObject({ width: 832, height: 480, length: 81 });
  });

  it('refuses a shot value the workflow has no place for, rather than dropping it', () => {
    const flux = shipped['flux1-schnell']!.text!;
    expect(errorOf(() => patchWorkflow(flux.workflow, flux.mapping, { prompt: 'p', image: 'x.png' }, flux.name)).message).toMatch(/no image input/);
    // A negative prompt or seed without a place is not worth refusing (FLUX schnell ignores the negative at cfg 1).
    expect(() => patchWorkflow(flux.workflow, flux.mapping, { prompt: 'p', negativePrompt: 'n', seed: 1 }, flux.name)).not.toThrow();
  });
});

describe('workflow patcher', () => {
  it('finds nodes by class, by title (case-insensitive, contained) and by id, whatever the ids look like', () => {
    expect(findNodes(graph, { classType: 'CLIPTextEncode', input: 'text' })).toEqual(['129:1', '129:2']);
    expect(findNodes(graph, { classType: 'CLIPTextEncode', title: 'negative', input: 'text' })).toEqual(['129:2']);
    expect(findNodes(graph, { title: 'length', input: 'value' })).toEqual(['129:3']);
    expect(findNodes(graph, { node: '129:4', input: 'width' })).toEqual(['129:4']);
  });

  it('says which target matched nothing, which matched two nodes, and sets every match with all', () => {
    const noMatch = errorOf(() => patchWorkflow(graph, mapping({ output: 'image', inputs: { prompt: { classType: 'CLIPTextEncodeSDXL', input: 'text' } } }), { prompt: 'p' }, 'wf'));
    expect(noMatch.code).toBe('no_match');
    expect(noMatch.message).toContain('class CLIPTextEncodeSDXL');
    const ambiguous = errorOf(() => patchWorkflow(graph, mapping({ output: 'image', inputs: { prompt: { classType: 'CLIPTextEncode', input: 'text' } } }), { prompt: 'p' }, 'wf'));
    expect(ambiguous.code).toBe('ambiguous');
    expect(ambiguous.message).toContain('129:1, 129:2');
    const all = patchWorkflow(graph, mapping({ output: 'image', inputs: { prompt: { classType: 'CLIPTextEncode', input: 'text', all: true } } }), { prompt: 'p' }, 'wf');
    expect([all['129:1']!.inputs.text, all['129:2']!.inputs.text]).toEqual(['p', 'p']);
  });

  it('writes through a link to a primitive, refuses a computed input and an input the node lacks', () => {
    const m = mapping({ output: 'video', fps: 24, inputs: { prompt: { title: 'Positive', input: 'text' }, frames: { classType: 'LTXVEmptyLatentAudio', input: 'frames_number' }, width: { classType: 'ResizeThing', input: 'width' } } });
    const out = patchWorkflow(graph, m, { prompt: 'p', frames: 121 }, 'wf');
    expect(out['129:3']!.inputs.value).toBe(121);
    expect(out['129:5']!.inputs.frames_number).toEqual(['129:3', 0]);
    const computed = errorOf(() => patchWorkflow(graph, m, { prompt: 'p', frames: 121, width: 640 }, 'wf'));
    expect(computed.code).toBe('computed');
    expect(computed.message).toContain('MathExpression');
    const missing = errorOf(() => patchWorkflow(graph, mapping({ output: 'image', inputs: { prompt: { node: '129:4', input: 'text' } } }), { prompt: 'p' }, 'wf'));
    expect(missing.code).toBe('missing_input');
  });

  it('tells a UI (save) workflow from an API export and says how to export', () => {
    expect(errorOf(() => asApiWorkflow({ nodes: [], links: [], version: 0.4 }, 'mine.json')).message).toMatch(/Export \(API\)/);
    expect(errorOf(() => asApiWorkflow({ '1': { inputs: {} } }, 'mine.json')).code).toBe('not_api_format');
    expect(asApiWorkflow(graph, 'g')).toBe(graph);
  });

  it('checks a mapping: a video needs its rate and its frame count', () => {
    expect(parseWorkflowMapping({ output: 'video', inputs: { prompt: { classType: 'X', input: 'text' } } })).toMatchObject({ ok: false, message: expect.stringMatching(/fps.*frame rate.*inputs\.frames/) });
    expect(parseWorkflowMapping({ output: 'image', inputs: { prompt: { input: 'text' } } })).toMatchObject({ ok: false, message: expect.stringMatching(/classType, a title or a node id/) });
  });

  it('turns seconds into the frame counts each family takes, and rounds sizes to their step', () => {
    expect(framesFor(5, 24, 8)).toBe(121); // LTX 8n+1
    expect(framesFor(1, 24, 8)).toBe(25);
    expect(framesFor(5, 16, 4)).toBe(81); // Wan 4n+1
    expect(framesFor(2, 16, 4)).toBe(33);
    expect(framesFor(2.5, 10, 1)).toBe(25);
    expect(snapSize(720, 32)).toBe(704); // ties go down, as the LTX latent floors
    expect(snapSize(730, 32)).toBe(736);
    expect(snapSize(1280, 32)).toBe(1280);
    expect(snapSize(720, 16)).toBe(720);
    expect(snapSize(10, 32)).toBe(32);
  });
});

describe('user workflows', () => {
  const dir = makeTempDir('comfy-workflows');
  const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
  const ownGraph = { '3': { class_type: 'KSampler', inputs: { seed: 1 } }, '6': { class_type: 'CLIPTextEncode', inputs: { text: '' }, _meta: { title: 'Prompt' } } };

  it('reads <model>.json with its .map.json, and a user file replaces a built-in model', () => {
    write('my-flux.json', ownGraph);
    write('my-flux.map.json', { output: 'image', inputs: { prompt: { classType: 'CLIPTextEncode', input: 'text' }, seed: { classType: 'KSampler', input: 'seed' } } });
    const own = workflowFor('my-flux', false, dir);
    expect(own.name).toBe(path.join(dir, 'my-flux.json'));
    expect(patchWorkflow(own.workflow, own.mapping, { prompt: 'x', seed: 5 }, own.name)['3']!.inputs.seed).toBe(5);

    write('flux1-schnell.json', ownGraph);
    write('flux1-schnell.map.json', { output: 'image', inputs: { prompt: { classType: 'CLIPTextEncode', input: 'text' } } });
    expect(workflowFor('flux1-schnell', false, dir).name).toContain(dir);
    expect(workflowFor('flux1-schnell', false, undefined).name).toContain('built-in');
  });

  it('explains a missing mapping, a UI-format file, an image the workflow cannot take and an unknown model', () => {
    write('nomap.json', ownGraph);
    expect(errorOf(() => userWorkflow(dir, 'nomap')).message).toMatch(/nomap\.map\.json/);
    write('ui.json', { nodes: [], links: [] });
    write('ui.map.json', { output: 'image', inputs: { prompt: { classType: 'CLIPTextEncode', input: 'text' } } });
    expect(errorOf(() => userWorkflow(dir, 'ui')).message).toMatch(/UI workflow/);
    expect(errorOf(() => workflowFor('my-flux', true, dir)).message).toMatch(/no image input/);
    expect(errorOf(() => workflowFor('wan2.2-i2v-a14b', false, dir)).message).toMatch(/add one to the shot/);
    const unknown = errorOf(() => workflowFor('sdxl-turbo', false, dir));
    expect(unknown.code).toBe('unknown_model');
    expect(unknown.message).toContain(path.join(dir, 'sdxl-turbo.json'));
    // A model id is never a path.
    expect(userWorkflow(dir, '../etc/passwd')).toBeNull();
  });
});

describe('host pool and ids', () => {
  it('reads one or several base URLs, with proxy credentials kept out of the base', () => {
    expect(parseHosts(undefined).map((h) => h.base)).toEqual(['http://127.0.0.1:8188']);
    const hosts = parseHosts(' http://gpu-1:8188, gpu-2:8188\nhttps://user:p%40ss@proxy.example/comfy/  http://gpu-1:8188/ ');
    expect(hosts.map((h) => h.base)).toEqual(['http://gpu-1:8188', 'http://gpu-2:8188', 'https://proxy.example/comfy']);
    expect(hosts[2]!.authorization).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    expect(hosts[2]!.label).toBe('proxy.example/comfy');
    expect(JSON.stringify(hosts.map((h) => [h.base, h.label]))).not.toContain('p%40ss');
    expect(() => parseHosts('ftp://x')).toThrow(/not a ComfyUI address/);
  });

  it('round-trips remote ids and finds the configured host (with its credentials) for one', () => {
    const [a, b] = parseHosts('http://a:8188 https://u:pw@b:8443');
    const id = remoteIdOf(b!, 'c0ffee00-0000-8000-8000-000000000000');
    expect(id).toBe('https://b:8443#c0ffee00-0000-8000-8000-000000000000');
    expect(parseRemoteId(id)).toEqual({ base: 'https://b:8443', promptId: 'c0ffee00-0000-8000-8000-000000000000' });
    expect(hostForBase([a!, b!], 'https://b:8443').authorization).toBeDefined();
    expect(hostForBase([a!], 'http://gone:8188').base).toBe('http://gone:8188');
    expect(() => parseRemoteId('video_123')).toThrow(/not a ComfyUI job id/);
    expect(leastBusy([a!, b!], [3, 1])).toBe(b);
    expect(leastBusy([a!, b!], [1, 1])).toBe(a);
    expect(leastBusy([a!, b!], [null, null])).toBeNull();
  });

  it('derives one UUID-shaped prompt id and one seed per idempotency key', () => {
    const id = promptIdFor('shotline-job-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(promptIdFor('shotline-job-1')).toBe(id);
    expect(promptIdFor('shotline-job-2')).not.toBe(id);
    expect(seedFor('shotline-job-1')).toBe(seedFor('shotline-job-1'));
    expect(seedFor('shotline-job-1')).not.toBe(seedFor('shotline-job-2'));
    expect(Number.isSafeInteger(seedFor('k'))).toBe(true);
  });
});
