/** The first view when no project is open: create one or open one. */
import { useEffect } from 'react';
import { WelcomeScreen } from '../features/welcome/WelcomeScreen';
import { useApp } from '../state/store-context';
import { CreateProjectForm } from './CreateProjectForm';
import { OpenProjectForm } from './OpenProjectForm';
import './start-view.css';

export function StartView() {
  const loadRecent = useApp((s) => s.loadRecent);
  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);

  return (
    <main className="start-view" data-testid="start-view">
      <header className="start-header">
        <h1>
          Shot<span className="accent">line</span>
        </h1>
        <p className="muted">Write your film shot by shot, generate each shot, export the sequence.</p>
      </header>
      <WelcomeScreen />
      <div className="start-panels">
        <CreateProjectForm />
        <OpenProjectForm />
      </div>
    </main>
  );
}
