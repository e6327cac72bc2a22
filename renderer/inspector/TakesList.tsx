/**
 * The takes of a shot, newest first: poster, model, cost, date and status, with play (U2's
 * player), select for the sequence, remix, extend or edit (where the provider's capabilities
 * say so, each priced before it is confirmed), and delete. A still frame is a take too, but
 * never the shot's clip: it shows its image and offers "Use as first frame" instead.
 */
import { useEffect, useState } from 'react';
import { formatUsd, usdToMicros } from '../../shared/cost';
import type { Shot, Take } from '../../shared/domain';
import { mediaUrl } from '../features/player/media-url';
import { formatSeconds } from '../format/duration';
import { useApp, useAppShallow, useAppStore } from '../state/store-context';
import { FollowUpForm, type FollowUpKind } from './FollowUpForm';
import { isStill } from './take-kind';

export function TakesList({ shot }: { shot: Shot }) {
  const store = useAppStore();
  const takes = useAppShallow((s) => (s.takeIdsByShot[shot.id] ?? []).map((id) => s.takesById[id]).filter((t): t is Take => !!t));
  const loaded = useApp((s) => s.takeIdsByShot[shot.id] !== undefined);
  const mediaBase = useApp((s) => s.appInfo?.mediaBase ?? null);
  // What each service can do comes from its descriptor in the registry, never from its id.
  const providers = useApp((s) => s.registry?.providers ?? null);
  const can = (take: Take, what: FollowUpKind) => providers?.[take.provider]?.capabilities[what] === true;
  const [open, setOpen] = useState<{ takeId: string; kind: FollowUpKind } | null>(null);

  useEffect(() => {
    void store.getState().loadTakes(shot.id);
  }, [store, shot.id]);

  const s = () => store.getState();
  const toggle = (takeId: string, kind: FollowUpKind) => setOpen(open?.takeId === takeId && open.kind === kind ? null : { takeId, kind });
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
        const still = isStill(take);
        const selected = take.id === shot.selectedTakeId;
        const ready = take.status === 'ready';
        const providerName = providers?.[take.provider]?.displayName ?? take.provider;
        // A still's own file is the image; a clip shows its poster frame.
        const picture = take.files.poster ?? (still ? take.files.original : null);
        return (
          <li
            key={take.id}
            className={`take${selected ? ' is-selected' : ''}${still ? ' is-still' : ''}`}
            data-testid="take"
            data-take-id={take.id}
            data-take-output={still ? 'image' : 'video'}
          >
            <div className="take-poster">
              {picture && mediaBase ? <img src={mediaUrl(mediaBase, picture)} alt={still ? 'Still frame' : ''} data-testid="take-poster" /> : <span className="muted">{take.status}</span>}
            </div>
            <div className="take-info">
              <div className="take-model">
                {take.request.importedFrom !== undefined ? `Imported clip (${take.request.importedFrom})` : `${providerName} · ${take.model}`}
                {take.parentTakeId && <span className="muted"> · remix</span>}
                {still && (
                  <span className="take-still-badge" data-testid="take-still">
                    Still frame
                  </span>
                )}
              </div>
              <div className="muted small">
                {formatUsd(usdToMicros(take.costUsd))} · {still ? take.size.replace('x', ' × ') : take.durationSeconds !== null ? formatSeconds(take.durationSeconds) : '–'} ·{' '}
                {new Date(take.createdAt).toLocaleString()} · <span data-testid="take-status">{selected ? 'in sequence' : take.status}</span>
              </div>
              <div className="take-actions">
                {still ? (
                  <button
                    type="button"
                    className="primary"
                    disabled={!ready}
                    title="Put this frame first among the shot's references, so models that take a first frame start from it"
                    data-testid="take-use-first-frame"
                    onClick={() => void s().useAsFirstFrame(take.id)}
                  >
                    Use as first frame
                  </button>
                ) : (
                  <>
                    <button type="button" disabled={!ready} data-testid="take-play" onClick={() => s().playTake(take)}>
                      ▶ Play
                    </button>
                    <button
                      type="button"
                      className={selected ? undefined : 'primary'}
                      disabled={!ready || selected}
                      data-testid="take-select"
                      onClick={() => void s().selectTake(shot.id, take.id)}
                    >
                      {selected ? 'Selected' : 'Use this take'}
                    </button>
                    <button
                      type="button"
                      disabled={!ready || !can(take, 'remix') || !take.remoteId}
                      title={can(take, 'remix') ? 'Make a variation with a new prompt' : `${providerName} cannot remix takes`}
                      data-testid="take-remix"
                      onClick={() => toggle(take.id, 'remix')}
                    >
                      Remix
                    </button>
                    {can(take, 'extend') && (
                      <button type="button" disabled={!ready || !take.remoteId} title="Continue this take into a longer one" data-testid="take-extend" onClick={() => toggle(take.id, 'extend')}>
                        Extend
                      </button>
                    )}
                    {can(take, 'edit') && (
                      <button type="button" disabled={!ready} title="Change something in this take with a prompt" data-testid="take-edit" onClick={() => toggle(take.id, 'edit')}>
                        Edit
                      </button>
                    )}
                  </>
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
              {!still && open?.takeId === take.id && <FollowUpForm key={open.kind} kind={open.kind} take={take} defaultSeconds={shot.seconds} onDone={() => setOpen(null)} />}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
