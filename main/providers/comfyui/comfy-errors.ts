/**
 * ComfyUI's own failures in words a user can act on: a workflow refused by `/prompt`
 * (execution.validate_prompt: a node class the host does not have, a model file it does not
 * have, a value out of range) and a run that failed (an `execution_error` in the history:
 * out of GPU memory, a node that raised). ComfyUI has no content policy, so nothing here is a
 * refusal in the moderation sense: a rejected workflow is a bad request, never retried as is.
 */
import { ProviderError } from '../provider';
import { serviceName } from './comfy-http';
import type { ComfyHost } from './host-pool';

/** Where each loader's model-file input lives under ComfyUI/models/ (folder_paths). */
const MODEL_FOLDERS: Record<string, string> = {
  ckpt_name: 'checkpoints',
  unet_name: 'diffusion_models',
  clip_name: 'text_encoders',
  clip_name1: 'text_encoders',
  clip_name2: 'text_encoders',
  text_encoder: 'text_encoders',
  vae_name: 'vae',
  lora_name: 'loras',
  control_net_name: 'controlnet',
  upscale_model: 'upscale_models',
  model_name: 'latent_upscale_models',
};

interface ValidationError {
  type?: string;
  message?: string;
  details?: string;
  extra_info?: { input_name?: string; received_value?: unknown; node_id?: string; class_type?: string | null; node_title?: string };
}

/** The 400 body of `/prompt`. */
export interface PromptErrorBody {
  error?: ValidationError | string;
  node_errors?: Record<string, { errors?: ValidationError[]; class_type?: string }> | unknown[];
}

/** The missing node class a `missing_node_type` error names, if that is what it is. */
export function missingNodeOf(body: PromptErrorBody): { classType: string | null; nodeId?: string; title?: string } | null {
  const error = typeof body.error === 'object' ? body.error : undefined;
  if (error?.type !== 'missing_node_type') return null;
  return { classType: error.extra_info?.class_type ?? null, nodeId: error.extra_info?.node_id, title: error.extra_info?.node_title };
}

/**
 * A `/prompt` refusal as a ProviderError. `missingClasses` are every class of the workflow the
 * host lacks (asked of /object_info), when the refusal was a missing node.
 */
export function promptRefusal(host: ComfyHost, body: PromptErrorBody, workflowName: string, missingClasses: string[] = []): ProviderError {
  const service = serviceName(host);
  const error = typeof body.error === 'object' ? body.error : { message: String(body.error ?? 'no reason given') };
  const missing = missingNodeOf(body);
  if (missing) {
    const classes = [...new Set([...(missing.classType ? [missing.classType] : []), ...missingClasses])];
    const named = classes.length ? classes.map((c) => `"${c}"`).join(', ') : `the node ${missing.title ?? missing.nodeId ?? ''}`.trim();
    return new ProviderError(
      'bad_request',
      `The ${service} does not have the node${classes.length > 1 ? 's' : ''} ${named} that the workflow ${workflowName} needs (${error.message ?? 'missing_node_type'}). ` +
        'Update ComfyUI (the LTX-2 and Wan 2.2 nodes are built into recent versions) or install the custom node that provides it (ComfyUI Manager -> Install Missing Custom Nodes), restart ComfyUI, then generate again.',
      { status: 400, code: 'missing_node_type' },
    );
  }

  const nodeErrors = body.node_errors && !Array.isArray(body.node_errors) ? body.node_errors : {};
  const files: string[] = [];
  const other: string[] = [];
  for (const [id, node] of Object.entries(nodeErrors)) {
    for (const e of node.errors ?? []) {
      const input = e.extra_info?.input_name;
      const folder = input ? MODEL_FOLDERS[input] : undefined;
      if (e.type === 'value_not_in_list' && folder && typeof e.extra_info?.received_value === 'string') {
        files.push(`"${e.extra_info.received_value}" (${node.class_type ?? 'node'} ${input}: put it in ComfyUI/models/${folder}/)`);
      } else {
        other.push(`node ${id} (${node.class_type ?? '?'}): ${e.message ?? e.type ?? 'invalid'}${e.details ? ` - ${e.details}` : ''}`);
      }
    }
  }
  if (files.length) {
    return new ProviderError(
      'bad_request',
      `The ${service} is missing the model file${files.length > 1 ? 's' : ''} ${files.join('; ')} that the workflow ${workflowName} loads. ` +
        'Download them on that host (the ComfyUI template\'s "Model links" name them), or export your own workflow with the files you have, then generate again.',
      { status: 400, code: 'value_not_in_list' },
    );
  }
  const reason = [error.message, error.details].filter(Boolean).join(': ');
  return new ProviderError(
    'bad_request',
    `The ${service} refused the workflow ${workflowName} (${error.type ?? 'invalid prompt'}${reason ? `: ${reason}` : ''})${other.length ? `; ${other.slice(0, 4).join('; ')}` : ''}. Fix the shot or the workflow; it will not be sent again as is.`,
    { status: 400, ...(error.type ? { code: error.type } : {}) },
  );
}

/** An `execution_error` / `execution_interrupted` message's data. */
export interface ExecutionFailure {
  node_id?: string;
  node_type?: string;
  exception_type?: string;
  exception_message?: string;
}

const OOM = /OutOfMemory|out of memory|CUDA error: out of memory|Allocation on device/i;

/** A failed run as a ProviderError, by what ComfyUI reported. */
export function executionError(host: ComfyHost, promptId: string, kind: 'execution_error' | 'execution_interrupted', data: ExecutionFailure): ProviderError {
  const service = serviceName(host);
  const where = data.node_id ? ` in node ${data.node_id}${data.node_type ? ` (${data.node_type})` : ''}` : '';
  if (kind === 'execution_interrupted') {
    return new ProviderError('cancelled', `The ${service} interrupted prompt ${promptId}${where} (Cancel in ComfyUI, or a cancel from Shotline).`, { code: 'execution_interrupted' });
  }
  const firstLine = (data.exception_message ?? '').split('\n')[0]?.trim() ?? '';
  if (OOM.test(`${data.exception_type ?? ''} ${data.exception_message ?? ''}`)) {
    return new ProviderError(
      'bad_request',
      `The ${service} ran out of GPU memory${where} (${data.exception_type ?? 'out of memory'}: ${firstLine}). Pick a smaller size or a shorter clip, close other programs using that GPU, or use a lighter (fp8) model, then generate again.`,
      { code: 'out_of_memory' },
    );
  }
  return new ProviderError(
    'server',
    `The ${service} failed to render prompt ${promptId}${where}: ${data.exception_type ?? 'error'}: ${firstLine || 'no message'}. See the ComfyUI console on that host for the full traceback.`,
    { code: data.exception_type ?? 'execution_error' },
  );
}
