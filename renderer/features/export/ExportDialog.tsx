/**
 * Export: one tab per format main offers (`export.formats`: the MP4, the contact sheet, and any
 * other registered), each with its description, an output file and its own option fields drawn
 * from their descriptions (a checkbox, a pick list, a bounded number shown only while another
 * field holds one of its values). Every format's job looks the same: a progress bar with the
 * time left and Cancel, then main's words, "Show in folder" and, for a video, "Play". Main does
 * the work and checks the path and options; this only gathers choices. No format is known here
 * by its id (the menu's two export items name theirs in settings-slice).
 */
import { useState, type FormEvent } from 'react';
import type { ExportField, ExportFormatInfo, ExportOptionValues, NumberField } from '../../../shared/contract/export';
import { formatSeconds } from '../../format/duration';
import { useApp } from '../../state/store-context';
import { mediaUrl } from '../player/media-url';
import { defaultOutputPath, pathInProject } from './default-output-path';
import { isVideoFile } from './video-files';
import '../generate/generate.css';
import './export.css';

export function ExportDialog() {
  const open = useApp((s) => s.exportDialogOpen);
  const formats = useApp((s) => s.exportFormats);
  const wanted = useApp((s) => s.exportTab);
  const close = useApp((s) => s.closeExportDialog);
  const openTab = useApp((s) => s.openExportDialog);
  if (!open) return null;
  const format = formats?.find((f) => f.id === wanted) ?? formats?.[0] ?? null;
  return (
    <div className="modal-backdrop" role="presentation">
      <section className="modal export-dialog" role="dialog" aria-modal="true" aria-label="Export" data-testid="export-dialog">
        <div className="export-tabs" role="tablist">
          {(formats ?? []).map((f) => (
            <button
              key={f.id}
              type="button"
              role="tab"
              aria-selected={f.id === format?.id}
              title={f.description}
              onClick={() => openTab(f.id)}
              data-testid={`export-tab-${f.id}`}
            >
              {f.label}
            </button>
          ))}
          <span className="top-bar-spacer" />
          <button type="button" onClick={close} aria-label="Close export" data-testid="export-close">
            Close
          </button>
        </div>
        {format ? <FormatExport key={format.id} format={format} /> : <p className="muted">{formats ? 'There is nothing to export to.' : 'Loading the export formats…'}</p>}
        <DesktopResult />
      </section>
    </div>
  );
}

/** What a field starts with: the dialog's suggestion when the format gives one, else the default. */
function initialValue(field: ExportField): boolean | number | string {
  return field.kind === 'boolean' ? (field.suggested ?? field.default) : field.default;
}

/** True when the field is shown (and sent): no condition, or its condition holds. */
function isShown(field: ExportField, values: ExportOptionValues): boolean {
  if (field.kind !== 'number' || !field.shownWhen) return true;
  return field.shownWhen.values.includes(String(values[field.shownWhen.key]));
}

/** Why a number field's value cannot be sent, or null. */
function numberProblem(field: NumberField, value: unknown): string | null {
  const n = typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) && n >= field.min && n <= field.max ? null : `${field.label}: from ${field.min} to ${field.max}.`;
}

function FormatExport({ format }: { format: ExportFormatInfo }) {
  const projectPath = useApp((s) => s.projectPath ?? '');
  const name = useApp((s) => s.project?.name ?? 'export');
  const job = useApp((s) => s.exportJobs[format.id] ?? null);
  const busy = useApp((s) => s.exportBusy);
  const startExport = useApp((s) => s.startExport);
  const cancelExport = useApp((s) => s.cancelExport);
  const revealFile = useApp((s) => s.revealFile);
  const openFile = useApp((s) => s.openFile);
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  const [outPath, setOutPath] = useState(() => defaultOutputPath(projectPath, name, format.extension));
  const [values, setValues] = useState<ExportOptionValues>(() => Object.fromEntries(format.fields.map((f) => [f.key, initialValue(f)])));
  const [preview, setPreview] = useState<string | null>(null);
  const running = job?.status === 'running';
  const shown = format.fields.filter((f) => isShown(f, values));
  const problems = shown.flatMap((f) => (f.kind === 'number' ? [numberProblem(f, values[f.key])].filter((p): p is string => p !== null) : []));

  // Inside the project the page can play the file itself through the media route; elsewhere
  // only the OS can (the desktop app opens it, the dev host says where it is).
  const play = (file: string) => {
    const rel = pathInProject(projectPath, file);
    if (rel && mediaBase) setPreview(mediaUrl(mediaBase, rel));
    else void openFile(file);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length > 0) return;
    setPreview(null);
    // Only what is shown is sent: a hidden field has no say (main fills in its default).
    const options = Object.fromEntries(shown.map((f) => [f.key, values[f.key]!]));
    void startExport({ format: format.id, outPath: outPath.trim(), ...(format.fields.length > 0 ? { options } : {}) });
  };
  const set = (key: string, value: boolean | number | string) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <form className="export-form" onSubmit={submit} data-testid="export-form" data-format={format.id}>
      <p className="muted small" data-testid="export-description">
        {format.description}
      </p>
      <label>
        Output file
        <input value={outPath} onChange={(e) => setOutPath(e.target.value)} spellCheck={false} data-testid="export-path" disabled={running} />
      </label>
      {shown.length > 0 && (
        <div className="export-fields">
          {shown.map((field) => (
            <FieldInput key={field.key} field={field} value={values[field.key]!} onChange={(v) => set(field.key, v)} disabled={running} />
          ))}
        </div>
      )}
      {problems.map((p) => (
        <p key={p} className="field-error" data-testid="export-field-error">
          {p}
        </p>
      ))}

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
          <button type="button" className="danger" onClick={() => void cancelExport(format.id)} data-testid="export-cancel">
            Cancel export
          </button>
        ) : (
          <>
            {job?.status === 'done' && (
              <>
                <button type="button" onClick={() => void revealFile(job.outputPath)} data-testid="export-reveal">
                  Show in folder
                </button>
                {isVideoFile(job.outputPath) && (
                  <button type="button" onClick={() => play(job.outputPath)} data-testid="export-play">
                    Play
                  </button>
                )}
              </>
            )}
            <button type="submit" className="primary" disabled={busy || outPath.trim() === '' || problems.length > 0} data-testid="export-start">
              Export
            </button>
          </>
        )}
      </div>
    </form>
  );
}

/** One option, drawn from its description. Test ids are `export-field-<key>`. */
function FieldInput({ field, value, onChange, disabled }: { field: ExportField; value: boolean | number | string; onChange(value: boolean | number | string): void; disabled: boolean }) {
  const testId = `export-field-${field.key}`;
  if (field.kind === 'boolean') {
    return (
      <label className="check" title={field.help}>
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={testId} disabled={disabled} />
        {field.label}
      </label>
    );
  }
  if (field.kind === 'choice') {
    return (
      <label title={field.help}>
        {field.label}
        <select value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testId} disabled={disabled}>
          {field.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return <NumberInput field={field} value={value} onChange={onChange} disabled={disabled} testId={testId} />;
}

/** A bounded number: the typed text is kept as typed ("0." on the way to "0.75"), the value parsed. */
function NumberInput({ field, value, onChange, disabled, testId }: { field: NumberField; value: boolean | number | string; onChange(value: number): void; disabled: boolean; testId: string }) {
  const [text, setText] = useState(() => String(value));
  return (
    <label title={field.help}>
      {field.label}
      <input
        type="number"
        min={field.min}
        max={field.max}
        step="any"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value));
        }}
        data-testid={testId}
        disabled={disabled}
      />
    </label>
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
