/** Generate the selected shot, or every shot without a take. Paid batches ask first. */
import { useApp } from '../../state/store-context';

export function GenerateButtons() {
  const selectedId = useApp((s) => s.selectedShotId);
  const missing = useApp((s) => s.shots.reduce((n, shot) => n + (shot.selectedTakeId ? 0 : 1), 0));
  const busy = useApp((s) => s.generationBusy);
  const generateShots = useApp((s) => s.generateShots);
  const generateMissing = useApp((s) => s.generateMissing);
  return (
    <div className="generate-buttons">
      <button type="button" disabled={!selectedId || busy} onClick={() => selectedId && void generateShots([selectedId])} data-testid="generate-selected">
        Generate shot
      </button>
      <button type="button" className="primary" disabled={missing === 0 || busy} onClick={() => void generateMissing()} data-testid="generate-missing">
        {missing === 0 ? 'Every shot has a take' : `Generate ${missing} without a take`}
      </button>
    </div>
  );
}
