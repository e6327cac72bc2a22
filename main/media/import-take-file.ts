/**
 * A video file the user brings in (dropped on a shot) becomes a take: the bytes go to a temp
 * file outside the project, ingest copies and normalises them into media/takes/<id>/, and only
 * then is the take row written. A file ffprobe cannot use is refused with the reason, and
 * nothing is left in the project.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { UploadedFile } from '../../shared/contract/references';
import { newTake } from '../../shared/defaults';
import type { SizeString, Take } from '../../shared/domain';
import type { ProjectStore } from '../store/project-store';
import type { FfmpegTools } from './ffmpeg-locator';
import { ingestTake } from './ingest-take';
import { decodeUpload } from './reference-service';

/** Provider id recorded on imported takes (they cost nothing and have no request). */
export const IMPORT_PROVIDER = 'import';

export async function importTakeFile(
  store: ProjectStore,
  tools: FfmpegTools,
  shotId: string,
  file: UploadedFile,
  options: { select?: boolean } = {},
): Promise<Take> {
  const shot = store.shots.get(shotId);
  const bytes = decodeUpload(file);
  const tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shotline-import-'));
  const ext = path.extname(file.name).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.mp4';
  const source = path.join(tempDir, `upload${ext}`);
  const id = crypto.randomUUID();
  try {
    await fs.writeFile(source, bytes);
    const project = store.project.get();
    const result = await ingestTake(tools, {
      projectDir: store.dir,
      source,
      outDir: `media/takes/${id}`,
      format: project.format,
      original: 'copy',
      label: file.name,
    });
    const take: Take = newTake({
      id,
      shotId: shot.id,
      request: {
        provider: IMPORT_PROVIDER,
        model: 'file',
        prompt: '',
        seconds: result.durationSeconds,
        size: `${project.format.width}x${project.format.height}` as SizeString,
        fps: project.format.fps,
        importedFrom: file.name,
      },
      requestHash: `import:${crypto.createHash('sha256').update(bytes).digest('hex')}`,
      durationSeconds: result.durationSeconds,
      files: result.files,
      now: new Date().toISOString(),
    });
    try {
      store.transaction(() => {
        store.takes.insert(take);
        const select = options.select ?? store.shots.get(shot.id).selectedTakeId === null;
        if (select) store.shots.update(shot.id, { selectedTakeId: id });
      });
    } catch (error) {
      // The row did not land (the shot was deleted meanwhile): take the files back out.
      await fs.rm(store.resolve(`media/takes/${id}`), { recursive: true, force: true });
      throw error;
    }
    return take;
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}
