/**
 * What a finished ComfyUI prompt produced, read from its `/history` entry, and the download of
 * it. Core `SaveVideo` reports its file under `images` with `animated: [true]` (there is no
 * `videos` key in core ComfyUI); VideoHelperSuite's `VHS_VideoCombine` uses `gifs`. A clip is
 * told from a still by its file extension. Files saved to `output` win over previews in `temp`.
 */
import { downloadResponseToFile } from '../download-to-file';
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

/**
 * Writes a still from `response` to `destination` atomically (`.part`, checked, renamed; see
 * download-to-file.ts), refusing at once a declared size no still can have.
 */
export async function downloadImageToFile(response: Response, destination: string, what: string, signal?: AbortSignal): Promise<void> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_IMAGE_BYTES) throw new ProviderError('server', `${what} is ${declared} bytes, more than a still can be.`);
  await downloadResponseToFile(response, destination, { what }, signal, 'still');
}
