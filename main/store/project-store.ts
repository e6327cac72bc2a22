/**
 * The project store: one open project folder and its SQLite database, seen through one
 * repository per table. The repositories are the only code that holds SQL; the connection never
 * leaves this folder. Every user edit is one transaction.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectSnapshot } from '../../shared/contract/projects';
import { DEFAULT_FRAME_RATE, type FrameRate } from '../../shared/frame-rate';
import { UserError } from '../errors';
import { ElementRepository } from './element-repository';
import { ExportRepository } from './export-repository';
import { JobRepository } from './job-repository';
import { LedgerRepository } from './ledger-repository';
import { NamedMedia } from './named-media';
import { openDatabase, type Db } from './open-database';
import { MEDIA_DIR, dbPathOf, projectDirFor, resolveInProject, PROJECT_SUFFIX } from './project-folder';
import { ProjectRepository } from './project-repository';
import { SceneRepository } from './scene-repository';
import { ShotRepository } from './shot-repository';
import { TakeRepository } from './take-repository';

export interface NewProjectOptions {
  name: string;
  size?: string;
  fps?: FrameRate;
}

export class ProjectStore {
  readonly project: ProjectRepository;
  readonly scenes: SceneRepository;
  readonly shots: ShotRepository;
  readonly elements: ElementRepository;
  readonly takes: TakeRepository;
  readonly jobs: JobRepository;
  readonly ledger: LedgerRepository;
  readonly exports: ExportRepository;
  /** Media paths the rows name (for the sweep of unused files). */
  readonly namedMedia: NamedMedia;

  private constructor(
    /** Absolute path of the `Name.shotline` folder. */
    readonly dir: string,
    private readonly db: Db,
  ) {
    const resolve = (relative: string) => this.resolve(relative);
    this.project = new ProjectRepository(db);
    this.takes = new TakeRepository(db);
    this.scenes = new SceneRepository(db);
    this.shots = new ShotRepository(db, this.project, this.takes, this.scenes, resolve);
    this.elements = new ElementRepository(db, resolve);
    this.jobs = new JobRepository(db);
    this.ledger = new LedgerRepository(db);
    this.exports = new ExportRepository(db);
    this.namedMedia = new NamedMedia(db);
  }

  /** Creates `parentDir/Name.shotline/` with an empty project and opens it. */
  static async create(parentDir: string, options: NewProjectOptions): Promise<ProjectStore> {
    return ProjectStore.createAt(projectDirFor(parentDir, options.name), options);
  }

  /**
   * Creates the project folder exactly at `dir` (the CLI's `new X.shotline`); the display name
   * comes from `options.name`.
   */
  static async createAt(dir: string, options: NewProjectOptions): Promise<ProjectStore> {
    dir = path.resolve(dir);
    const parentDir = path.dirname(dir);
    if (fs.existsSync(dir)) {
      throw new UserError('conflict', `${dir} already exists. Open it, or choose another name.`);
    }
    // Build in a temp folder and rename, so a crash never leaves a half-made project behind.
    fs.mkdirSync(parentDir, { recursive: true });
    const temp = fs.mkdtempSync(path.join(parentDir, `.${path.basename(dir)}.creating-`));
    try {
      fs.mkdirSync(path.join(temp, MEDIA_DIR));
      const db = await openDatabase(dbPathOf(temp), { create: true });
      try {
        ProjectRepository.insert(db, {
          id: crypto.randomUUID(),
          name: options.name,
          size: options.size ?? '1280x720',
          fps: options.fps ?? DEFAULT_FRAME_RATE,
          createdAt: new Date().toISOString(),
        });
      } finally {
        db.close();
      }
      fs.renameSync(temp, dir);
    } catch (error) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    return ProjectStore.open(dir);
  }

  /** Opens an existing project folder (migrating it if it is older). */
  static async open(dir: string): Promise<ProjectStore> {
    const resolved = path.resolve(dir);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
      throw new UserError('not_found', `${resolved} is not a folder. Pick a project folder ending in ${PROJECT_SUFFIX}.`);
    }
    const db = await openDatabase(dbPathOf(resolved));
    const store = new ProjectStore(resolved, db);
    if (!store.project.exists()) {
      db.close();
      throw new UserError('invalid_input', `${resolved} has a database but no project record. Open another project.`);
    }
    return store;
  }

  /** False once closed. */
  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Absolute path for a stored relative media path; refuses paths leaving the folder. */
  resolve(relative: string): string {
    return resolveInProject(this.dir, relative);
  }

  /** Runs `fn` in one transaction (for services that write through several repositories). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** The schema version of the file (`PRAGMA user_version`). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** `PRAGMA integrity_check`: 'ok', or what is wrong. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  snapshot(): ProjectSnapshot {
    return { path: this.dir, project: this.project.get(), shots: this.shots.list(), elements: this.elements.list(), scenes: this.scenes.list() };
  }
}
