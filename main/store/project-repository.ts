/** The project row: name, house format, style, budget and default model (one row per file). */
import type { Project } from '../../shared/domain';
import { FRAME_RATE_RULE, isValidFrameRate, type FrameRate } from '../../shared/frame-rate';
import { invalid } from '../errors';
import type { Db } from './open-database';
import { projectFromRow, type ProjectRow } from './rows';

/** What `project.update` may change. */
export interface ProjectPatch {
  name?: string;
  style?: string;
  budgetUsd?: number | null;
  size?: string;
  fps?: FrameRate;
  defaultProvider?: string;
  defaultModel?: string;
}

/** `1280x720` as [1280, 720], or a clear refusal. */
export function parseSize(size: string): [number, number] {
  const [w, h] = size.split('x').map(Number);
  if (!w || !h) throw invalid(`"${size}" is not a size like 1280x720.`);
  return [w, h];
}

/** The rate, or a clear refusal (the contract checks it too; the CLI and imports come here). */
export function checkedRate(rate: FrameRate): FrameRate {
  if (!isValidFrameRate(rate)) throw invalid(`Frame rate ${rate.num}/${rate.den} is not usable: use ${FRAME_RATE_RULE}.`);
  return { num: rate.num, den: rate.den };
}

export class ProjectRepository {
  constructor(private readonly db: Db) {}

  /** Writes the one project row of a new file. */
  static insert(db: Db, row: { id: string; name: string; size: string; fps: FrameRate; createdAt: string }): void {
    const [width, height] = parseSize(row.size);
    const fps = checkedRate(row.fps);
    db.prepare(`INSERT INTO project (id, name, width, height, fps_num, fps_den, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      row.id,
      row.name,
      width,
      height,
      fps.num,
      fps.den,
      row.createdAt,
    );
  }

  /** True when the file has its project row (a file without one is not a project). */
  exists(): boolean {
    return this.db.prepare('SELECT 1 FROM project').get() !== undefined;
  }

  get(): Project {
    return projectFromRow(this.db.prepare('SELECT * FROM project LIMIT 1').get() as ProjectRow);
  }

  update(patch: ProjectPatch): Project {
    return this.db.transaction(() => {
      const next: ProjectRow = { ...(this.db.prepare('SELECT * FROM project LIMIT 1').get() as ProjectRow) };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.style !== undefined) next.style = patch.style;
      if (patch.budgetUsd !== undefined) next.budget_usd = patch.budgetUsd;
      if (patch.size !== undefined) [next.width, next.height] = parseSize(patch.size);
      if (patch.fps !== undefined) ({ num: next.fps_num, den: next.fps_den } = checkedRate(patch.fps));
      if (patch.defaultProvider !== undefined) next.default_provider = patch.defaultProvider;
      if (patch.defaultModel !== undefined) next.default_model = patch.defaultModel;
      this.db
        .prepare(
          `UPDATE project SET name=@name, width=@width, height=@height, fps_num=@fps_num, fps_den=@fps_den, style=@style,
             budget_usd=@budget_usd, default_provider=@default_provider, default_model=@default_model WHERE id=@id`,
        )
        .run(next);
      return projectFromRow(next);
    })();
  }
}
