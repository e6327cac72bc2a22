/**
 * The open project: the project bar on top; the library on the left; the timeline in the
 * centre; the inspector of the selected shot on the right. The player and the queue panel
 * (renderer/features) mount into the centre column and the bottom row.
 */
import { useEffect } from 'react';
import { PlayerPanel } from '../features/player/PlayerPanel';
import { QueuePanel } from '../features/queue/QueuePanel';
import { ProductionBar } from '../features/settings/ProductionBar';
import { Inspector } from '../inspector/Inspector';
import { LibraryPanel } from '../library/LibraryPanel';
import { useApp, useAppShallow, useAppStore } from '../state/store-context';
import { CardMenu } from '../timeline/CardMenu';
import { Timeline } from '../timeline/Timeline';
import { ProjectBar } from './ProjectBar';
import { useShortcuts } from './use-shortcuts';
import './project-view.css';

export function ProjectView() {
  const store = useAppStore();
  const { selected, index, count } = useAppShallow((s) => {
    const i = s.shots.findIndex((x) => x.id === s.selectedShotId);
    return { selected: s.shots[i] ?? null, index: i, count: s.shots.length };
  });
  const hasAppInfo = useApp((s) => s.appInfo !== null);
  useShortcuts(store);

  useEffect(() => {
    if (!hasAppInfo) void store.getState().loadAppInfo();
  }, [hasAppInfo, store]);

  return (
    <div className="project-view" data-testid="project-view">
      <ProjectBar />
      <div className="workspace">
        <LibraryPanel />
        <main className="centre">
          <ProductionBar />
          <PlayerPanel />
          <Timeline />
        </main>
        <aside className="inspector-pane" aria-label="Shot inspector">
          {selected ? (
            // Keyed by shot: switching shots starts a fresh inspector (and flushes the old one's pending saves).
            <Inspector key={selected.id} shot={selected} index={index} count={count} />
          ) : (
            <p className="shot-empty muted" data-testid="no-shot-selected">
              {count === 0 ? 'No shots yet. Add the first one to start writing the film.' : 'Select a shot to edit it.'}
            </p>
          )}
        </aside>
      </div>
      <QueuePanel />
      <CardMenu />
    </div>
  );
}
