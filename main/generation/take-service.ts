/** Takes of a shot: list, select, delete (with files). Several takes per shot; one is selected. */
import fs from 'node:fs';
import path from 'node:path';
import type { Take } from '../../shared/domain';
import { UserError } from '../errors';
import type { ProjectStore } from '../store/project-store';

export class TakeService {
  constructor(private readonly store: ProjectStore) {}

  list(shotId: string): Take[] {
    this.store.shots.get(shotId);
    return this.store.takes.ofShot(shotId);
  }

  select(shotId: string, takeId: string | null): void {
    const shot = this.store.shots.get(shotId);
    if (takeId !== null) {
      const take = this.store.takes.find(takeId);
      if (!take || take.shotId !== shot.id) throw new UserError('not_found', `Take ${takeId} is not a take of this shot. Reload the shot.`);
      if (take.status !== 'ready') throw new UserError('conflict', 'This take is not ready yet; select it when it is.');
    }
    this.store.shots.update(shotId, { selectedTakeId: takeId });
  }

  /** Deletes the row (clearing the shot's selection if it was selected), then the files. */
  delete(takeId: string): void {
    const take = this.store.takes.find(takeId);
    if (!take) throw new UserError('not_found', `Take ${takeId} does not exist (it may have been deleted already).`);
    this.store.takes.delete(takeId);
    const files = [take.files.original, take.files.normalised, take.files.poster, take.files.filmstrip].filter((f): f is string => !!f);
    const dirs = new Set<string>();
    for (const rel of files) {
      // Another take may share a file only if it was reused in place; copies have their own folder.
      if (this.store.takes.usesFile(rel)) continue;
      const abs = this.store.resolve(rel);
      fs.rmSync(abs, { force: true, recursive: true });
      dirs.add(path.dirname(abs));
    }
    for (const dir of dirs) {
      try {
        if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
      } catch {
        // Already gone or not empty: nothing to tidy.
      }
    }
  }
}
