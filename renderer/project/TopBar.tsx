/** Project name, house format and total duration, with the project-level actions. */
import { formatSeconds } from '../format/duration';
import { useApp, useAppShallow } from '../state/store-context';

export function TopBar() {
  const project = useApp((s) => s.project);
  const { count, totalSeconds } = useAppShallow((s) => ({
    count: s.shots.length,
    totalSeconds: s.shots.reduce((sum, shot) => sum + shot.seconds, 0),
  }));
  const closeProject = useApp((s) => s.closeProject);
  if (!project) return null;
  const { width, height, fps } = project.format;

  return (
    <header className="top-bar">
      <h1 className="top-bar-name" data-testid="project-name">
        {project.name}
      </h1>
      <span className="top-bar-format" data-testid="project-format" title="House format every take is normalised to">
        {width}×{height} · {fps} fps
      </span>
      <span className="top-bar-duration" data-testid="project-duration" title="Total of the shots' durations">
        {count} {count === 1 ? 'shot' : 'shots'} · {formatSeconds(totalSeconds)}
      </span>
      <span className="top-bar-spacer" />
      <button type="button" data-testid="close-project" onClick={() => void closeProject()}>
        Close project
      </button>
    </header>
  );
}
