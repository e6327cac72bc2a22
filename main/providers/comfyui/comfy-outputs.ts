/**
 * What a finished ComfyUI prompt produced, read from its `/history` entry, and the download of
 * it. Core `SaveVideo` reports its file under `images` with `animated: [true]` (there is no
 * `videos` key in core ComfyUI); VideoHelperSuite's `VHS_VideoCombine` uses `gifs`. A clip is
 * told from a still by its file extension. Files saved to `output` win over previews in `temp`.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ProviderError } from '../provider';

/** One file a node saved, as `/view` wants it. */
export interface OutputFile {
  filename: string;
  subfolder: string;
  type: string;
  kind: 'video' | 'image';
  node: string;
}

const VIDEO_EXT = /\.(mp4|m4v|mov|webm|mkv)$/i;
const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;

/** Every video or image file in a history entry's outputs, best first (saved clips, saved stills, then previews). */
export function outputFiles(outputs: Record<string, Record<string, unknown>> | undefined): OutputFile[] {
  const files: OutputFile[] = [];
  for (const [node, ui] of Object.entries(outputs ?? {})) {
    for (const key of ['images', 'gifs', 'videos', 'video']) {
      const list = ui?.[key];
      if (!Array.isArray(list)) continue;
      for (const item of list as { filename?: unknown; subfolder?: unknown; type?: unknown }[]) {
        if (typeof item?.filename !== 'string') continue;
        const kind = VIDEO_EXT.test(item.filename) ? 'video' : IMAGE_EXT.test(item.filename) ? 'image' : null;
        if (!kind) continue;
        files.push({ filename: item.filename, subfolder: typeof item.subfolder === 'string' ? item.subfolder : '', type: typeof item.type === 'string' ? item.type : 'output', kind, node });
      }
    }
  }
  const rank = (f: OutputFile) => (f.type === 'output' ? 0 : 2) + (f.kind === 'video' ? 0 : 1);
  return files.sort((a, b) => rank(a) - rank(b));
}

/** The `/view` path of a file. */
export function viewPath(file: OutputFile): string {
  return `/view?${new URLSearchParams({ filename: file.filename, subfolder: file.subfolder, type: file.type }).toString()}`;
}

/** Largest still accepted (a 4K PNG is ~25 MB). */
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;

function imageKind(head: Buffer): string | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'JPEG';
  if (head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  return null;
}

/**
 * Writes a still from `response` to `destination` atomically (`.part`, checked, renamed): a body
 * shorter than its Content-Length is a cut-off download (network, retried), bytes that are not
 * PNG, JPEG or WebP are the service's fault. Stills are small enough to hold in memory.
 */
export async function downloadImageToFile(response: Response, destination: string, what: string, signal?: AbortSignal): Promise<void> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_IMAGE_BYTES) throw new ProviderError('server', `${what} is ${declared} bytes, more than a still can be.`);
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw new ProviderError('cancelled', `The download of ${what} was cancelled.`);
    throw new ProviderError('network', `The download of ${what} was cut short (${(error as Error).message}); it will be retried.`);
  }
  if (Number.isFinite(declared) && bytes.length !== declared) {
    throw new ProviderError('network', `${what} was cut short (${bytes.length} of ${declared} bytes); the download will be retried.`);
  }
  if (!imageKind(bytes)) throw new ProviderError('server', `${what} is not a PNG, JPEG or WebP image (${bytes.length} bytes); generate the still again.`);
  const part = `${destination}.part`;
  await fsp.mkdir(path.dirname(destination), { recursive: true });
  try {
    await fsp.writeFile(part, bytes, signal ? { signal } : {});
    await fsp.rename(part, destination);
  } catch (error) {
    await fsp.rm(part, { force: true }).catch(() => {});
    if (signal?.aborted) throw new ProviderError('cancelled', `The download of ${what} was cancelled.`);
    const local = error as NodeJS.ErrnoException;
    throw new Error(`Could not write ${part} (${local.code ?? local.message}); free some disk space or check the folder's permissions.`, { cause: error });
  }
}
