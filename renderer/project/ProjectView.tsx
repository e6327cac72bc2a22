/**
 * The open project: the project bar on top; the library on the left; the timeline in the
 * centre; the inspector of the selected shot on the right. The player and the queue panel
 * (renderer/features) mount into the centre column and the bottom row.
 */
import { useEffect, useRef, useState } from 'react';
import { useScriptDrop } from '../dnd/use-script-drop';
import { ImportScriptDialog } from '../features/fountain/ImportScriptDialog';
import { PlayerPanel } from '../features/player/PlayerPanel';
import { QueuePanel } from '../features/queue/QueuePanel';
import { SoundTrack } from '../features/sound/SoundTrack';
import { ProductionBar } from '../features/settings/ProductionBar';
import { Inspector } from '../inspector/Inspector';
import { LibraryPanel } from '../library/LibraryPanel';
import { useApp, useAppShallow, useAppStore } from '../state/store-context';
import { CardMenu } from '../timeline/CardMenu';
import { Timeline } from '../timeline/Timeline';
import { ProjectBar } from './ProjectBar';
import { useShortcuts } from './use-shortcuts';
import './project-view.css';

/**
 * False for the first frame of the view, then true: the timeline (what a project opens to)
 * paints first, the inspector and the player a moment later, so a long film opens at once.
 */
function useSecondaryPanels(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return ready;
}

export function ProjectView() {
  const store = useAppStore();
  const { selected, index, count } = useAppShallow((s) => {
    const i = s.shots.findIndex((x) => x.id === s.selectedShotId);
    return { selected: s.shots[i] ?? null, index: i, count: s.shots.length };
  });
  const hasAppInfo = useApp((s) => s.appInfo !== null);
  const secondary = useSecondaryPanels();
  useShortcuts(store);
  const scriptDrop = useScriptDrop(store);

  // A newly selected shot's inspector starts at its title, not where the last one was scrolled.
  const pane = useRef<HTMLElement>(null);
  const selectedId = selected?.id ?? null;
  useEffect(() => {
    if (pane.current) pane.current.scrollTop = 0;
  }, [selectedId]);

  useEffect(() => {
    if (!hasAppInfo) void store.getState().loadAppInfo();
  }, [hasAppInfo, store]);

  return (
    <div className="project-view" data-testid="project-view" {...scriptDrop}>
      <ProjectBar />
      <div className="workspace">
        <LibraryPanel />
        <main className="centre">
          <ProductionBar />
          {secondary && <PlayerPanel />}
          <Timeline />
          {secondary && <SoundTrack />}
        </main>
        <aside className="inspector-pane" aria-label="Shot inspector" ref={pane}>
          {!secondary ? null : selected ? (
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
      <ImportScriptDialog />
    </div>
  );
}
