/**
 * The renderer's one store, built from typed slices. A store is made per client (and so per
 * test): nothing leaks from one test or one host to the next. The event bridge and any other
 * code outside React use the vanilla store's `getState`/`setState`.
 */
import { createStore } from 'zustand/vanilla';
import type { ContractClient } from '../../shared/contract';
import { createProjectSlice, type ProjectSlice } from './project-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createHistorySlice, type HistorySlice } from './history-slice';
import { createElementSlice, type ElementSlice } from './element-slice';
import { createMediaSlice, type MediaSlice } from './media-slice';
import { createCatalogSlice, type CatalogSlice } from './catalog-slice';
import { createQueueSlice, type QueueSlice } from './queue-slice';
import { createPlayerSlice, type PlayerSlice } from './player-slice';
import { createExportSlice, type ExportSlice } from './export-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createPreviewSlice, type PreviewSlice } from './preview-slice';
import { createShotlistSlice, type ShotlistSlice } from './shotlist-slice';
import { createStillsSlice, type StillsSlice } from './stills-slice';
import { createFollowUpsSlice, type FollowUpsSlice } from './follow-ups-slice';
import { createAudioSlice, type AudioSlice } from './audio-slice';
import { createSceneSlice, type SceneSlice } from './scene-slice';
import { createFountainSlice, type FountainSlice } from './fountain-slice';

/** Everything the renderer holds. */
export type AppState = ProjectSlice &
  UiSlice &
  HistorySlice &
  ElementSlice &
  MediaSlice &
  CatalogSlice &
  QueueSlice & PlayerSlice & ExportSlice & SettingsSlice & PreviewSlice & ShotlistSlice & StillsSlice & FollowUpsSlice & AudioSlice & SceneSlice & FountainSlice;

export function createAppStore(client: ContractClient) {
  return createStore<AppState>()((...a) => ({
    ...createProjectSlice(client)(...a),
    ...createUiSlice(...a),
    ...createHistorySlice(client)(...a),
    ...createElementSlice()(...a),
    ...createMediaSlice(client)(...a),
    ...createCatalogSlice(client)(...a),
    ...createQueueSlice(client)(...a),
    ...createPlayerSlice(client)(...a),
    ...createExportSlice(client)(...a),
    ...createSettingsSlice(client)(...a),
    ...createPreviewSlice(client)(...a),
    ...createShotlistSlice(client)(...a),
    ...createStillsSlice(client)(...a),
    ...createFollowUpsSlice(client)(...a),
    ...createAudioSlice(client)(...a),
    ...createSceneSlice()(...a),
    ...createFountainSlice(client)(...a),
  }));
}

/** A store made by `createAppStore`. */
export type AppStore = ReturnType<typeof createAppStore>;
