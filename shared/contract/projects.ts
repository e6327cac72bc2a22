/** Contract calls for creating, opening and editing projects. */
import { z } from 'zod';
import { call } from './define';
import { AbsolutePath, Fps, MAX_TEXT, ProjectName, Size } from './limits';
import type { Element, Project, Scene, Shot } from '../domain';

/** Everything the renderer needs to show an open project. */
export interface ProjectSnapshot {
  /** Absolute path of the `Name.shotline` folder. */
  path: string;
  project: Project;
  /** Shots in sequence order (scene by scene). */
  shots: Shot[];
  elements: Element[];
  /** Scenes in order; every shot's `sceneId` names one of them. */
  scenes: Scene[];
}

/** An entry of the recent-projects list (kept in the app's settings, not in a project). */
export interface RecentProject {
  path: string;
  name: string;
  /** ISO 8601 time it was last opened. */
  openedAt: string;
}

export const projectCalls = {
  'projects.create': call<ProjectSnapshot>()(
    z.strictObject({
      name: ProjectName,
      /** Folder to create `Name.shotline` in; defaults to the app's projects folder. */
      parentDir: AbsolutePath.optional(),
      size: Size.optional(),
      fps: Fps.optional(),
    }),
    'Creates a project folder and opens it.',
  ),
  'projects.open': call<ProjectSnapshot>()(
    z.strictObject({ path: AbsolutePath }),
    'Opens an existing `.shotline` project folder.',
  ),
  'projects.current': call<ProjectSnapshot | null>()(
    z.strictObject({}),
    'The open project, or null when none is open.',
  ),
  'projects.close': call<null>()(z.strictObject({}), 'Closes the open project.'),
  'projects.recent': call<RecentProject[]>()(
    z.strictObject({}),
    'Recently opened projects, newest first.',
  ),
  'project.update': call<Project>()(
    z.strictObject({
      name: ProjectName.optional(),
      style: z.string().max(MAX_TEXT).optional(),
      budgetUsd: z.number().nonnegative().max(1_000_000).nullable().optional(),
      size: Size.optional(),
      fps: Fps.optional(),
      defaultProvider: z.string().min(1).max(100).optional(),
      defaultModel: z.string().min(1).max(100).optional(),
    }),
    'Edits project settings (one transaction).',
  ),
} as const;
