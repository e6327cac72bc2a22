/**
 * Settings: providers (see ProviderSettings.tsx), the project's defaults (provider and model,
 * house format, budget), ffmpeg (path and self-test), and what is running.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_FRAME_RATE, sameFrameRate, type FrameRate } from '../../../shared/frame-rate';
import { HouseFormatSelects } from '../../start/HouseFormatSelects';
import { FPS_PRESETS, SIZE_PRESETS } from '../../start/size-presets';
import { useApp } from '../../state/store-context';
import { ProvidersSection } from './ProviderSettings';
import '../generate/generate.css';
import './settings.css';

/** Small house formats for quick drafts (every take is normalised to the house format). */
const DRAFT_SIZES = [
  { size: '854x480', label: '854 × 480 (16:9 draft)' },
  { size: '640x360', label: '640 × 360 (16:9 quick draft)' },
] as const;

export function SettingsScreen() {
  const open = useApp((s) => s.settingsOpen);
  const close = useApp((s) => s.closeSettings);
  if (!open) return null;
  return (
    <div className="modal-backdrop" role="presentation">
      <section className="modal settings-screen" role="dialog" aria-modal="true" aria-labelledby="settings-title" data-testid="settings">
        <header className="settings-head">
          <h2 id="settings-title">Settings</h2>
          <button type="button" onClick={close} data-testid="settings-close">
            Done
          </button>
        </header>
        <ProvidersSection />
        <ProjectSection />
        <FfmpegSection />
        <AboutSection />
      </section>
    </div>
  );
}

function ProjectSection() {
  const project = useApp((s) => s.project);
  const registry = useApp((s) => s.settingsRegistry);
  const save = useApp((s) => s.saveProjectSettings);
  const [provider, setProvider] = useState('');
  const [model, setModel] = useState('');
  const [size, setSize] = useState('');
  const [fps, setFps] = useState<FrameRate>(DEFAULT_FRAME_RATE);
  const [budget, setBudget] = useState('');
  const [budgetError, setBudgetError] = useState<string | null>(null);

  useEffect(() => {
    if (!project) return;
    setProvider(project.defaultProvider);
    setModel(project.defaultModel);
    setSize(`${project.format.width}x${project.format.height}`);
    setFps(project.format.fps);
    setBudget(project.budgetUsd === null ? '' : String(project.budgetUsd));
  }, [project]);

  if (!project) return null;
  const models = (registry?.models ?? []).filter((m) => m.provider === provider && m.status.state === 'active');
  const offered = [...SIZE_PRESETS, ...DRAFT_SIZES];
  const sizes = offered.some((p) => p.size === size) ? offered : [{ size, label: size.replace('x', ' × ') }, ...offered];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = budget.trim();
    const budgetUsd = trimmed === '' ? null : Number(trimmed);
    if (budgetUsd !== null && (!Number.isFinite(budgetUsd) || budgetUsd < 0)) {
      setBudgetError('Budget must be an amount in dollars (like 25 or 12.50), or empty for no limit.');
      return;
    }
    setBudgetError(null);
    void save({
      defaultProvider: provider,
      defaultModel: model,
      size: size as `${number}x${number}`,
      fps,
      budgetUsd,
    });
  };

  return (
    <form className="settings-section" aria-labelledby="settings-project" onSubmit={submit} data-testid="project-settings">
      <h3 id="settings-project">This project</h3>
      <div className="settings-grid">
        <label>
          Default service
          <select
            value={provider}
            onChange={(e) => {
              setProvider(e.target.value);
              const first = registry?.models.find((m) => m.provider === e.target.value && m.status.state === 'active');
              setModel(first?.model ?? '');
            }}
            data-testid="default-provider"
          >
            {Object.entries(registry?.providers ?? { [provider]: { displayName: provider } }).map(([id, p]) => (
              <option key={id} value={id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Default model
          <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="default-model">
            {models.length === 0 && <option value={model}>{model}</option>}
            {models.map((m) => (
              <option key={m.model} value={m.model}>
                {m.displayName}
              </option>
            ))}
          </select>
        </label>
        <HouseFormatSelects
          sizeLabel="House format"
          sizes={sizes}
          size={size}
          onSize={setSize}
          rates={FPS_PRESETS.some((r) => sameFrameRate(r, fps)) ? FPS_PRESETS : [...FPS_PRESETS, fps]}
          fps={fps}
          onFps={setFps}
          testId="house"
        />
        <label>
          Budget (USD)
          <input
            inputMode="decimal"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            placeholder="No limit"
            aria-invalid={budgetError ? true : undefined}
            data-testid="budget"
          />
        </label>
      </div>
      {budgetError && <p className="field-error">{budgetError}</p>}
      <div className="modal-actions">
        <button type="submit" className="primary" data-testid="save-project-settings">
          Save project settings
        </button>
      </div>
    </form>
  );
}

function FfmpegSection() {
  const path = useApp((s) => s.appSettings?.ffmpegPath ?? null);
  const report = useApp((s) => s.selfTest);
  const running = useApp((s) => s.selfTestRunning);
  const savePath = useApp((s) => s.saveFfmpegPath);
  const runSelfTest = useApp((s) => s.runSelfTest);
  const [typed, setTyped] = useState('');
  useEffect(() => setTyped(path ?? ''), [path]);

  return (
    <section className="settings-section" aria-labelledby="settings-ffmpeg">
      <h3 id="settings-ffmpeg">ffmpeg</h3>
      <form
        className="settings-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void savePath(typed.trim() || null);
        }}
      >
        <label className="grow">
          ffmpeg binary (empty: find it automatically)
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={report?.ffmpeg ?? '/usr/bin/ffmpeg'} spellCheck={false} data-testid="ffmpeg-path" />
        </label>
        <button type="submit" data-testid="save-ffmpeg">
          Save and check
        </button>
        <button type="button" onClick={() => void runSelfTest()} disabled={running} data-testid="selftest-run">
          {running ? 'Checking…' : 'Check again'}
        </button>
      </form>
      {report && (
        <div className={`selftest ${report.ok ? 'ok' : 'bad'}`} data-testid="selftest" data-ok={report.ok}>
          <p>
            {report.ok ? '✓ ffmpeg works and has everything Shotline uses.' : '✗ ffmpeg has problems.'}{' '}
            <span className="muted small">
              {report.version ?? 'not found'}
              {report.ffmpeg ? ` · ${report.ffmpeg}` : ''}
              {report.source ? ` (${report.source})` : ''}
            </span>
          </p>
          {report.problems.map((p) => (
            <p key={p} className="field-error">
              {p}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

function AboutSection() {
  const info = useApp((s) => s.appInfo);
  const about = useApp((s) => s.aboutText);
  const loadAppInfo = useApp((s) => s.loadAppInfo);
  const loadAbout = useApp((s) => s.loadAbout);
  const web = info?.host === 'web';
  useEffect(() => {
    if (!info) void loadAppInfo();
  }, [info, loadAppInfo]);
  // The desktop app has Help > About; the browser host has no menu, so the text is here.
  useEffect(() => {
    if (web && !about) void loadAbout();
  }, [web, about, loadAbout]);
  return (
    <section className="settings-section" aria-labelledby="settings-about">
      <h3 id="settings-about">About</h3>
      <p className="muted small" data-testid="about">
        Shotline {info?.version ?? ''} · {info?.host === 'electron' ? 'desktop app (Help > About shows the licences)' : 'browser (dev host)'}
      </p>
      {web && about && (
        <div className="muted small" data-testid="about-text">
          {about.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
    </section>
  );
}
