/**
 * The takes of a shot, newest first: poster, model, cost, date and status, with play (U2's
 * player), select for the sequence, remix with a new prompt, extend into a longer take (where
 * the provider's capabilities say so), and delete.
 */
import { useEffect, useState } from 'react';
import { formatUsd, usdToMicros } from '../../shared/cost';
import type { Shot, Take } from '../../shared/domain';
import { mediaUrl } from '../features/player/media-url';
import { formatSeconds } from '../format/duration';
import { MAX_SHOT_SECONDS } from '../../shared/contract/limits';
import { useApp, useAppShallow, useAppStore } from '../state/store-context';

export function TakesList({ shot }: { shot: Shot }) {
  const store = useAppStore();
  const takes = useAppShallow((s) => (s.takeIdsByShot[shot.id] ?? []).map((id) => s.takesById[id]).filter((t): t is Take => !!t));
  const loaded = useApp((s) => s.takeIdsByShot[shot.id] !== undefined);
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  // What each service can do comes from its descriptor in the registry, never from its id.
  const providers = useApp((s) => s.registry?.providers ?? null);
  const canRemix = (take: Take) => providers?.[take.provider]?.capabilities.remix === true;
  const canExtend = (take: Take) => providers?.[take.provider]?.capabilities.extend === true;
  const [remixing, setRemixing] = useState<string | null>(null);
  const [remixPrompt, setRemixPrompt] = useState('');
  const [extending, setExtending] = useState<string | null>(null);
  const [extendPrompt, setExtendPrompt] = useState('');
  const [extendSeconds, setExtendSeconds] = useState(shot.seconds);

  useEffect(() => {
    void store.getState().loadTakes(shot.id);
  }, [store, shot.id]);

  const s = () => store.getState();
  if (!loaded) return <p className="muted">Loading takes…</p>;
  if (takes.length === 0) {
    return (
      <p className="muted" data-testid="takes-empty">
        No takes yet. Generate this shot, or drop a video file on its card to use your own clip.
      </p>
    );
  }
  return (
    <ol className="takes-list" data-testid="takes-list">
      {[...takes].reverse().map((take) => {
        const selected = take.id === shot.selectedTakeId;
        return (
          <li key={take.id} className={`take${selected ? ' is-selected' : ''}`} data-testid="take" data-take-id={take.id}>
            <div className="take-poster">
              {take.files.poster && mediaBase ? <img src={mediaUrl(mediaBase, take.files.poster)} alt="" /> : <span className="muted">{take.status}</span>}
            </div>
            <div className="take-info">
              <div className="take-model">
                {take.request.importedFrom !== undefined ? `Imported clip (${take.request.importedFrom})` : `${providers?.[take.provider]?.displayName ?? take.provider} · ${take.model}`}
                {take.parentTakeId && <span className="muted"> · remix</span>}
              </div>
              <div className="muted small">
                {formatUsd(usdToMicros(take.costUsd))} · {take.durationSeconds !== null ? formatSeconds(take.durationSeconds) : '–'} ·{' '}
                {new Date(take.createdAt).toLocaleString()} · <span data-testid="take-status">{selected ? 'in sequence' : take.status}</span>
              </div>
              <div className="take-actions">
                <button type="button" disabled={take.status !== 'ready'} data-testid="take-play" onClick={() => s().playTake(take)}>
                  ▶ Play
                </button>
                <button
                  type="button"
                  className={selected ? undefined : 'primary'}
                  disabled={take.status !== 'ready' || selected}
                  data-testid="take-select"
                  onClick={() => void s().selectTake(shot.id, take.id)}
                >
                  {selected ? 'Selected' : 'Use this take'}
                </button>
                <button
                  type="button"
                  disabled={take.status !== 'ready' || !canRemix(take) || !take.remoteId}
                  title={canRemix(take) ? 'Make a variation with a new prompt' : `${providers?.[take.provider]?.displayName ?? take.provider} cannot remix takes`}
                  data-testid="take-remix"
                  onClick={() => {
                    setRemixing(remixing === take.id ? null : take.id);
                    setRemixPrompt('');
                  }}
                >
                  Remix
                </button>
                {canExtend(take) && (
                  <button
                    type="button"
                    disabled={take.status !== 'ready' || !take.remoteId}
                    title="Continue this take into a longer one"
                    data-testid="take-extend"
                    onClick={() => {
                      setExtending(extending === take.id ? null : take.id);
                      setExtendPrompt('');
                      setExtendSeconds(shot.seconds);
                    }}
                  >
                    Extend
                  </button>
                )}
                <button
                  type="button"
                  className="danger"
                  data-testid="take-delete"
                  onClick={() => {
                    if (window.confirm('Delete this take and its files? This cannot be undone.')) void s().deleteTake(take);
                  }}
                >
                  Delete
                </button>
              </div>
              {remixing === take.id && (
                <form
                  className="take-remix"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!remixPrompt.trim()) return;
                    void s()
                      .remixTake(take.id, remixPrompt)
                      .then((job) => job && setRemixing(null));
                  }}
                >
                  <input
                    data-testid="take-remix-prompt"
                    value={remixPrompt}
                    placeholder="What should change? e.g. make it night"
                    onChange={(e) => setRemixPrompt(e.target.value)}
                  />
                  <button type="submit" className="primary" disabled={!remixPrompt.trim()}>
                    Remix
                  </button>
                </form>
              )}
              {extending === take.id && (
                <form
                  className="take-remix"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void s()
                      .extendTake(take.id, extendPrompt.trim() || undefined, extendSeconds)
                      .then((job) => job && setExtending(null));
                  }}
                >
                  <input
                    data-testid="take-extend-prompt"
                    value={extendPrompt}
                    placeholder="What happens next (empty: the shot's own action)"
                    onChange={(e) => setExtendPrompt(e.target.value)}
                  />
                  <label className="narrow">
                    Seconds more
                    <input
                      type="number"
                      min={1}
                      max={MAX_SHOT_SECONDS}
                      step="any"
                      value={extendSeconds}
                      onChange={(e) => setExtendSeconds(Number(e.target.value))}
                      data-testid="take-extend-seconds"
                    />
                  </label>
                  <button type="submit" className="primary" data-testid="take-extend-start">
                    Extend
                  </button>
                </form>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
