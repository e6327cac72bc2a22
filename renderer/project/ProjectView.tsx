/** The open project: top bar, the shot strip, and the editor for the selected shot. */
import { useAppShallow } from '../state/store-context';
import { ShotEditor } from '../shots/ShotEditor';
import { ShotStrip } from '../shots/ShotStrip';
import { TopBar } from './TopBar';
import { PlayerPanel } from '../features/player/PlayerPanel';
import { QueuePanel } from '../features/queue/QueuePanel';
import { ProductionBar } from '../features/settings/ProductionBar';
import '../shots/shots.css';
import './project-view.css';

export function ProjectView() {
  const { selected, index, count } = useAppShallow((s) => {
    const i = s.shots.findIndex((x) => x.id === s.selectedShotId);
    return { selected: s.shots[i] ?? null, index: i, count: s.shots.length };
  });

  return (
    <div className="project-view" data-testid="project-view">
      <TopBar />
      <ProductionBar />
      <ShotStrip />
      <div className="production-dock">
        <PlayerPanel />
        <QueuePanel />
      </div>
      {selected ? (
        // Keyed by shot: switching shots starts a fresh editor (and flushes the old one's pending save).
        <ShotEditor key={selected.id} shot={selected} index={index} count={count} />
      ) : (
        <p className="shot-empty muted" data-testid="no-shot-selected">
          {count === 0 ? 'No shots yet. Add the first one to start writing the film.' : 'Select a shot to edit it.'}
        </p>
      )}
    </div>
  );
}
