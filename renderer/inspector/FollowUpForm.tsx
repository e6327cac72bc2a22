/**
 * The form under a take for a remix, an extension or an edit. Each is priced by main
 * (`takes.estimateFollowUp`) a moment after the fields settle, and its button is enabled only
 * once that price is on screen and main sees no problem: nothing is paid for unseen.
 */
import { useEffect, useState } from 'react';
import type { FollowUpEstimate, FollowUpInput } from '../../shared/contract/generation';
import { MAX_SHOT_SECONDS } from '../../shared/contract/limits';
import type { Job, Take } from '../../shared/domain';
import { useAppStore } from '../state/store-context';

export type FollowUpKind = 'remix' | 'extend' | 'edit';

/** Quiet time after typing before main is asked for a price. */
export const FOLLOW_UP_ESTIMATE_DELAY_MS = 250;

const WORDS: Record<FollowUpKind, { verb: string; placeholder: string }> = {
  remix: { verb: 'Remix', placeholder: 'What should change? e.g. make it night' },
  extend: { verb: 'Extend', placeholder: "What happens next (empty: the shot's own action)" },
  edit: { verb: 'Edit', placeholder: 'What to change in this take, e.g. remove the boat' },
};

export interface FollowUpFormProps {
  kind: FollowUpKind;
  take: Take;
  /** Seconds an extension adds unless changed (the shot's length). */
  defaultSeconds: number;
  onDone(): void;
}

export function FollowUpForm({ kind, take, defaultSeconds, onDone }: FollowUpFormProps) {
  const store = useAppStore();
  const [prompt, setPrompt] = useState('');
  const [seconds, setSeconds] = useState(defaultSeconds);
  const [estimate, setEstimate] = useState<Pick<FollowUpEstimate, 'problem'> & { text?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // A remix or an edit says what changes; an extension may go on with the shot's own prompt.
  const needsPrompt = kind !== 'extend';
  const text = prompt.trim();
  const ready = !needsPrompt || text.length > 0;

  useEffect(() => {
    setEstimate(null);
    if (!ready) return;
    const input: FollowUpInput = { kind, takeId: take.id, ...(text ? { prompt: text } : {}), ...(kind === 'extend' ? { seconds } : {}) };
    let live = true;
    const timer = setTimeout(() => {
      void store
        .getState()
        .estimateFollowUp(input)
        .then((answer) => live && setEstimate(answer));
    }, FOLLOW_UP_ESTIMATE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [store, kind, take.id, text, seconds, ready]);

  async function start() {
    const s = store.getState();
    setBusy(true);
    let job: Job | null;
    if (kind === 'remix') job = await s.remixTake(take.id, text);
    else if (kind === 'edit') job = await s.editTake(take.id, text);
    else job = await s.extendTake(take.id, text || undefined, seconds);
    setBusy(false);
    if (job) onDone();
  }

  const canGo = ready && estimate !== null && estimate.problem === null && !busy;
  return (
    <form
      className="take-remix take-follow-up"
      data-testid={`take-${kind}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        if (canGo) void start();
      }}
    >
      <input data-testid={`take-${kind}-prompt`} value={prompt} placeholder={WORDS[kind].placeholder} onChange={(e) => setPrompt(e.target.value)} />
      {kind === 'extend' && (
        <label className="narrow">
          Seconds more
          <input
            type="number"
            min={1}
            max={MAX_SHOT_SECONDS}
            step="any"
            value={seconds}
            onChange={(e) => setSeconds(Number(e.target.value))}
            data-testid="take-extend-seconds"
          />
        </label>
      )}
      <span className="follow-up-price">
        {estimate?.problem ? (
          <span className="field-error" role="alert" data-testid={`take-${kind}-problem`}>
            {estimate.problem}
          </span>
        ) : estimate ? (
          <span data-testid={`take-${kind}-price`}>{estimate.text}</span>
        ) : ready ? (
          <span className="muted">Pricing…</span>
        ) : null}
        <button type="submit" className="primary" disabled={!canGo} data-testid={`take-${kind}-start`}>
          {WORDS[kind].verb}
        </button>
      </span>
    </form>
  );
}
