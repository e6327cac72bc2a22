/** The app's root: loads the open project once, then shows the start view or the project. */
import { useEffect } from 'react';
import { ProjectView } from '../project/ProjectView';
import { StartView } from '../start/StartView';
import { useApp } from '../state/store-context';
import { Notices } from '../ui/Notices';
import { ProductionDialogs } from '../features/settings/ProductionBar';
import '../styles/theme.css';

export function App() {
  const loaded = useApp((s) => s.loaded);
  const hasProject = useApp((s) => s.project !== null);
  const loadCurrent = useApp((s) => s.loadCurrent);

  // Main keeps the project open across reloads, so F5 comes back to the same state.
  useEffect(() => {
    void loadCurrent();
  }, [loadCurrent]);

  return (
    <>
      {!loaded ? (
        <div className="loading" data-testid="loading">
          Loading…
        </div>
      ) : hasProject ? (
        <ProjectView />
      ) : (
        <StartView />
      )}
      <ProductionDialogs />
      <Notices />
    </>
  );
}
