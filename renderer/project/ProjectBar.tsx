/**
 * The project bar: name, house format, shot count and running time (shared sequence math, so
 * it matches export), money spent against the budget, undo/redo, and close.
 */
import { useMemo } from 'react';
import { formatUsd, usdToMicros } from '../../shared/cost';
import { DEFAULT_FRAME_RATE, frameRateLabel } from '../../shared/frame-rate';
import { sequenceTiming } from '../../shared/sequence-math';
import { formatSeconds } from '../format/duration';
import { useApp, useAppShallow } from '../state/store-context';

export function ProjectBar() {
  const project = useApp((s) => s.project);
  const shots = useApp((s) => s.shots);
  const takesById = useApp((s) => s.takesById);
  const houseFps = project?.format.fps ?? DEFAULT_FRAME_RATE;
  // Recomputed when shots or takes change, never on job progress (a selector would run on every event).
  const totalSeconds = useMemo(
    () =>
      sequenceTiming(
        shots.map((shot) => ({
          seconds: shot.seconds,
          trimIn: shot.trimIn,
          trimOut: shot.trimOut,
          transition: shot.transition,
          sourceSeconds: shot.selectedTakeId ? (takesById[shot.selectedTakeId]?.durationSeconds ?? null) : null,
        })),
        houseFps,
      ).totalSeconds,
    [shots, takesById, houseFps],
  );
  const count = shots.length;
  const spend = useApp((s) => s.spend);
  const { undoLabel, redoLabel, busy } = useAppShallow((s) => ({
    undoLabel: s.past.at(-1)?.label ?? null,
    redoLabel: s.future.at(-1)?.label ?? null,
    busy: s.historyBusy,
  }));
  const { undo, redo, closeProject } = useAppShallow((s) => ({ undo: s.undo, redo: s.redo, closeProject: s.closeProject }));
  if (!project) return null;
  const { width, height, fps } = project.format;
  const money = (usd: number) => formatUsd(usdToMicros(usd));

  return (
    <header className="top-bar project-bar">
      <span className="brand" aria-hidden="true">
        ▰ Shotline
      </span>
      <h1 className="top-bar-name" data-testid="project-name">
        {project.name}
      </h1>
      <span className="top-bar-format" data-testid="project-format" title="House format every take is normalised to">
        {width}×{height} · {frameRateLabel(fps)} fps
      </span>
      <span className="top-bar-duration" data-testid="project-duration" title="Running time of the sequence (trims and dissolves included)">
        {count} {count === 1 ? 'shot' : 'shots'} · {formatSeconds(totalSeconds)}
      </span>
      <span
        className={`top-bar-spend${spend?.remainingUsd !== null && spend?.remainingUsd !== undefined && spend.remainingUsd <= 0 ? ' is-over' : ''}`}
        data-testid="project-spend"
        title="Spent on paid generation (queued jobs reserved) against the project budget"
      >
        {spend
          ? spend.budgetUsd === null
            ? `${money(spend.spentUsd)} spent · no budget`
            : `${money(spend.spentUsd)} of ${money(spend.budgetUsd)} spent`
          : ''}
      </span>
      <span className="top-bar-spacer" />
      <button type="button" data-testid="undo" disabled={!undoLabel || busy} title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'} onClick={() => void undo()}>
        ↶ Undo
      </button>
      <button
        type="button"
        data-testid="redo"
        disabled={!redoLabel || busy}
        title={redoLabel ? `Redo ${redoLabel} (Shift+Ctrl+Z)` : 'Nothing to redo'}
        onClick={() => void redo()}
      >
        ↷ Redo
      </button>
      <button type="button" data-testid="close-project" onClick={() => void closeProject()}>
        Close project
      </button>
    </header>
  );
}
