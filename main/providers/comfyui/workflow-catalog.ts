/**
 * Which ComfyUI workflow a model runs. The built-in templates ship inside the app bundle (they
 * are imported from assets/comfyui/, so the packaged app needs no extra resource files); a user
 * adds their own exported API workflow as `<workflows dir>/<model id>.json` with its mapping in
 * `<model id>.map.json` (workflow-mapping.ts), plus a model entry for provider `comfyui` in the
 * registry override (`models.json` in the settings folder). A user file named like a built-in
 * model replaces the built-in templates for that model (e.g. an export that loads the fp8
 * checkpoint the user has).
 */
import fs from 'node:fs';
import path from 'node:path';
import flux1Schnell from '../../../assets/comfyui/flux1-schnell.json';
import flux1SchnellMap from '../../../assets/comfyui/flux1-schnell.map.json';
import ltx2I2v from '../../../assets/comfyui/ltx-2-i2v.json';
import ltx2I2vMap from '../../../assets/comfyui/ltx-2-i2v.map.json';
import ltx2T2v from '../../../assets/comfyui/ltx-2-t2v.json';
import ltx2T2vMap from '../../../assets/comfyui/ltx-2-t2v.map.json';
import wan22I2v from '../../../assets/comfyui/wan2.2-i2v.json';
import wan22I2vMap from '../../../assets/comfyui/wan2.2-i2v.map.json';
import { parseWorkflowMapping, type WorkflowMapping } from './workflow-mapping';
import { asApiWorkflow, WorkflowError, type ApiWorkflow } from './workflow-patcher';

/** A workflow ready to patch. */
export interface WorkflowVariant {
  /** For messages: the template or file it came from. */
  name: string;
  workflow: ApiWorkflow;
  mapping: WorkflowMapping;
}

/** A model's workflows: one for a prompt alone, one for a prompt with a first frame. */
interface ModelWorkflows {
  text?: WorkflowVariant;
  image?: WorkflowVariant;
}

function builtIn(name: string, workflow: unknown, mapping: unknown): WorkflowVariant {
  const parsed = parseWorkflowMapping(mapping);
  // A broken shipped template is a build bug: the unit tests load every one.
  if (!parsed.ok) throw new Error(`The shipped ComfyUI mapping ${name}.map.json is broken: ${parsed.message}`);
  return { name: `${name} (built-in template)`, workflow: asApiWorkflow(workflow, name), mapping: parsed.mapping };
}

let builtIns: Record<string, ModelWorkflows> | null = null;

/** The shipped templates by registry model id (shared/registry/providers/comfyui.json). */
export function builtInWorkflows(): Readonly<Record<string, ModelWorkflows>> {
  builtIns ??= {
    'ltx-2-19b-distilled': { text: builtIn('ltx-2-t2v', ltx2T2v, ltx2T2vMap), image: builtIn('ltx-2-i2v', ltx2I2v, ltx2I2vMap) },
    'wan2.2-i2v-a14b': { image: builtIn('wan2.2-i2v', wan22I2v, wan22I2vMap) },
    'flux1-schnell': { text: builtIn('flux1-schnell', flux1Schnell, flux1SchnellMap) },
  };
  return builtIns;
}

/** The folder of the user's workflows inside the settings folder. */
export function userWorkflowsDir(settingsDir: string): string {
  return path.join(settingsDir, 'comfyui', 'workflows');
}

/** Model ids that may name a file: no separators, no dot-dot. */
const FILE_SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Largest workflow file read (an exported graph is tens of KB; this bounds a wrong file). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

function readJson(file: string, what: string): unknown {
  const stat = fs.statSync(file);
  if (stat.size > MAX_FILE_BYTES) throw new WorkflowError('not_api_format', `${what} ${file} is ${stat.size} bytes, more than a workflow can be (${MAX_FILE_BYTES}).`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new WorkflowError('not_api_format', `${what} ${file} is not valid JSON (${(error as Error).message}); export it again from ComfyUI.`);
  }
}

/** The user's workflow for `model`, or null when there is none. Throws WorkflowError for a broken one. */
export function userWorkflow(dir: string, model: string): WorkflowVariant | null {
  if (!FILE_SAFE.test(model)) return null;
  const file = path.join(dir, `${model}.json`);
  if (!fs.existsSync(file)) return null;
  const mapFile = path.join(dir, `${model}.map.json`);
  if (!fs.existsSync(mapFile)) {
    throw new WorkflowError(
      'missing_input',
      `The workflow ${file} has no mapping: write ${path.basename(mapFile)} beside it to say which nodes take the prompt, image, size, frames, fps and seed (see docs/providers/comfyui.md).`,
    );
  }
  const workflow = asApiWorkflow(readJson(file, 'The workflow'), file);
  const parsed = parseWorkflowMapping(readJson(mapFile, 'The mapping'));
  if (!parsed.ok) throw new WorkflowError('missing_input', `The mapping ${mapFile} is not valid: ${parsed.message}.`);
  return { name: file, workflow, mapping: parsed.mapping };
}

/**
 * The workflow for a request: the user's file for the model if there is one, else the built-in
 * template for a prompt alone or with a first frame. Throws WorkflowError when there is none.
 */
export function workflowFor(model: string, withImage: boolean, dir: string | undefined): WorkflowVariant {
  const own = dir ? userWorkflow(dir, model) : null;
  if (own) {
    if (withImage !== Boolean(own.mapping.inputs.image)) {
      throw new WorkflowError(
        'missing_input',
        withImage
          ? `The workflow ${own.name} has no image input mapped, so it cannot take this shot's first frame; remove the frame or map a LoadImage node.`
          : `The workflow ${own.name} needs a first frame (its mapping has an image input); add a first frame to the shot.`,
      );
    }
    return own;
  }
  const shipped = builtInWorkflows()[model];
  if (!shipped) {
    const where = dir ? ` and there is no ${path.join(dir, `${model}.json`)}` : '';
    throw new WorkflowError(
      'unknown_model',
      `There is no ComfyUI workflow for the model "${model}": it is not a built-in template (${Object.keys(builtInWorkflows()).join(', ')})${where}. Add the workflow file and its .map.json, or pick another model.`,
    );
  }
  const variant = withImage ? shipped.image : shipped.text;
  if (!variant) {
    throw new WorkflowError(
      'missing_input',
      withImage
        ? `The ComfyUI model ${model} makes a clip from a prompt alone and takes no first frame; remove the frame or pick another model.`
        : `The ComfyUI model ${model} animates a first frame: add one to the shot (or pick LTX-2, which also works from a prompt alone).`,
    );
  }
  return variant;
}
