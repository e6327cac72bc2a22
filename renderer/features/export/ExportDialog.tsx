/**
 * Export: the sequence as an MP4 (output file, transition default, burn-in, loudness), then a
 * progress bar with the time left and cancel; at the end "show in folder" and "play". A second
 * tab writes the contact sheet. Main does the work and checks the path; this gathers choices.
 */
import { useState, type FormEvent } from 'react';
import { formatSeconds } from '../../format/duration';
import { useApp } from '../../state/store-context';
import { mediaUrl } from '../player/media-url';
import { defaultOutputPath, pathInProject } from './default-output-path';
import '../generate/generate.css';
import './export.css';

type TransitionChoice = 'own' | 'cut' | 'dissolve' | 'dip';

export function ExportDialog() {
  const tab = useApp((s) => s.exportDialog);
  const close = useApp((s) => s.closeExportDialog);
  const open = useApp((s) => s.openExportDialog);
  if (!tab) return null;
  return (
    <div className="modal-backdrop" role="presentation">
      <section className="modal export-dialog" role="dialog" aria-modal="true" aria-label="Export" data-testid="export-dialog">
        <div className="export-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'sequence'} onClick={() => open('sequence')} data-testid="export-tab-sequence">
            Sequence (MP4)
          </button>
          <button type="button" role="tab" aria-selected={tab === 'sheet'} onClick={() => open('sheet')} data-testid="export-tab-sheet">
            Contact sheet (PNG)
          </button>
          <span className="top-bar-spacer" />
          <button type="button" onClick={close} aria-label="Close export" data-testid="export-close">
            Close
          </button>
        </div>
        {tab === 'sequence' ? <SequenceExport /> : <ContactSheet />}
        <DesktopResult />
      </section>
    </div>
  );
}

function SequenceExport() {
  const projectPath = useApp((s) => s.projectPath ?? '');
  const name = useApp((s) => s.project?.name ?? 'sequence');
  const job = useApp((s) => s.exportJob);
  const busy = useApp((s) => s.exportBusy);
  const startExport = useApp((s) => s.startExport);
  const cancelExport = useApp((s) => s.cancelExport);
  const revealFile = useApp((s) => s.revealFile);
  const openFile = useApp((s) => s.openFile);
  const [outPath, setOutPath] = useState(() => defaultOutputPath(projectPath, name, 'mp4'));
  const [transition, setTransition] = useState<TransitionChoice>('own');
  const [seconds, setSeconds] = useState(0.5);
  const [burnIn, setBurnIn] = useState(false);
  const [loudnorm, setLoudnorm] = useState(true);
  const [fillMissing, setFillMissing] = useState(true);
  const [preview, setPreview] = useState<string | null>(null);
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const running = job?.status === 'running';

  // Inside the project the page can play the file itself through the media route; elsewhere
  // only the OS can (the desktop app opens it, the dev host says where it is).
  const play = (file: string) => {
    const rel = pathInProject(projectPath, file);
    if (rel && mediaBase) setPreview(mediaUrl(mediaBase, rel));
    else void openFile(file);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPreview(null);
    void startExport({
      format: 'mp4',
      outPath: outPath.trim(),
      options: { transition, ...(transition === 'dissolve' || transition === 'dip' ? { transitionSeconds: seconds } : {}), burnIn, loudnorm, fillMissing },
    });
  };

  return (
    <form className="export-form" onSubmit={submit}>
      <label>
        Output file
        <input value={outPath} onChange={(e) => setOutPath(e.target.value)} spellCheck={false} data-testid="export-path" disabled={running} />
      </label>
      <div className="export-row">
        <label>
          Transitions
          <select value={transition} onChange={(e) => setTransition(e.target.value as TransitionChoice)} data-testid="export-transition" disabled={running}>
            <option value="own">Each shot&apos;s own</option>
            <option value="cut">Cuts everywhere</option>
            <option value="dissolve">Dissolves everywhere</option>
            <option value="dip">Dips to black everywhere</option>
          </select>
        </label>
        {(transition === 'dissolve' || transition === 'dip') && (
          <label>
            Seconds
            <input
              type="number"
              min={0.04}
              max={10}
              step="any"
              value={seconds}
              onChange={(e) => setSeconds(Number(e.target.value))}
              data-testid="export-transition-seconds"
              disabled={running}
            />
          </label>
        )}
      </div>
      <div className="export-checks">
        <label className="check">
          <input type="checkbox" checked={burnIn} onChange={(e) => setBurnIn(e.target.checked)} data-testid="export-burnin" disabled={running} />
          Burn in shot number, title and timecode (review copy)
        </label>
        <label className="check">
          <input type="checkbox" checked={loudnorm} onChange={(e) => setLoudnorm(e.target.checked)} data-testid="export-loudnorm" disabled={running} />
          Normalise loudness to −16 LUFS
        </label>
        <label className="check">
          <input type="checkbox" checked={fillMissing} onChange={(e) => setFillMissing(e.target.checked)} data-testid="export-fill" disabled={running} />
          Black slates for shots without a take
        </label>
      </div>

      {job && (
        <div className="export-progress" data-testid="export-progress" data-status={job.status}>
          <progress max={1} value={job.progress} aria-label="Export progress" />
          <span data-testid="export-status">
            {job.status === 'running'
              ? `${Math.round(job.progress * 100)}%${job.etaSeconds !== null ? ` · about ${formatSeconds(Math.ceil(job.etaSeconds))} left` : ''}`
              : job.message || job.status}
          </span>
        </div>
      )}

      {preview && job?.status === 'done' && <video className="export-preview" src={preview} controls autoPlay data-testid="export-preview" />}

      <div className="modal-actions">
        {running ? (
          <button type="button" className="danger" onClick={() => void cancelExport()} data-testid="export-cancel">
            Cancel export
          </button>
        ) : (
          <>
            {job?.status === 'done' && (
              <>
                <button type="button" onClick={() => void revealFile(job.outputPath)} data-testid="export-reveal">
                  Show in folder
                </button>
                <button type="button" onClick={() => play(job.outputPath)} data-testid="export-play">
                  Play
                </button>
              </>
            )}
            <button type="submit" className="primary" disabled={busy || outPath.trim() === ''} data-testid="export-start">
              Export
            </button>
          </>
        )}
      </div>
    </form>
  );
}

function ContactSheet() {
  const projectPath = useApp((s) => s.projectPath ?? '');
  const name = useApp((s) => s.project?.name ?? 'sheet');
  const busy = useApp((s) => s.exportBusy);
  const result = useApp((s) => s.sheetResult);
  const write = useApp((s) => s.writeContactSheet);
  const revealFile = useApp((s) => s.revealFile);
  const openFile = useApp((s) => s.openFile);
  const [outPath, setOutPath] = useState(() => defaultOutputPath(projectPath, `${name} contact sheet`, 'png'));
  return (
    <form
      className="export-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write(outPath.trim());
      }}
    >
      <p className="muted small">A PNG grid of every shot: number, title, duration, poster and prompt, for review or print.</p>
      <label>
        Output file
        <input value={outPath} onChange={(e) => setOutPath(e.target.value)} spellCheck={false} data-testid="sheet-path" />
      </label>
      {result && result.status !== 'running' && <p data-testid="sheet-result">{result.message}</p>}
      <div className="modal-actions">
        {result?.status === 'done' && (
          <>
            <button type="button" onClick={() => void revealFile(result.outputPath)}>
              Show in folder
            </button>
            <button type="button" onClick={() => void openFile(result.outputPath)}>
              Open
            </button>
          </>
        )}
        <button type="submit" className="primary" disabled={busy || result?.status === 'running' || outPath.trim() === ''} data-testid="sheet-start">
          {busy || result?.status === 'running' ? 'Writing…' : 'Write contact sheet'}
        </button>
      </div>
    </form>
  );
}

/** On the dev host the OS cannot be asked to show a file: say where it is instead. */
function DesktopResult() {
  const result = useApp((s) => s.desktopResult);
  if (!result || result.done) return null;
  return (
    <p className="muted small" data-testid="desktop-result">
      {result.message ?? `The file is at ${result.path}.`}
    </p>
  );
}
