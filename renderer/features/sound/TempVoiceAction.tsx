/**
 * "Temp voice" in the shot inspector: the shot's dialogue spoken offline (espeak-ng, in main)
 * into a TEMP clip on the Voice-over lane, attached to the shot. Where espeak-ng is missing,
 * main's answer says how to install it, and it shows here.
 */
import { useState } from 'react';
import { errorMessage } from '../../api/contract-call-error';
import { useApp, useAppStore } from '../../state/store-context';

export function TempVoiceAction({ shotId, hasDialogue }: { shotId: string; hasDialogue: boolean }) {
  const store = useAppStore();
  const busy = useApp((s) => s.tempVoiceBusy === shotId);
  const [message, setMessage] = useState<string | null>(null);
  async function speak() {
    setMessage(null);
    const refused = await store.getState().makeTempVoice(shotId);
    setMessage(refused ? errorMessage(refused) : 'TEMP voice-over added to the Voice-over lane.');
  }
  return (
    <div className="temp-voice-action">
      <button
        type="button"
        className="small"
        data-testid="temp-voice"
        disabled={busy || !hasDialogue}
        title={hasDialogue ? 'Speak this dialogue with a robot voice (offline) as a TEMP voice-over line' : 'Write dialogue first'}
        onClick={() => void speak()}
      >
        {busy ? 'Speaking…' : 'Temp voice'}
      </button>
      {message && (
        <span className="muted small" role="status" data-testid="temp-voice-message">
          {message}
        </span>
      )}
    </div>
  );
}
