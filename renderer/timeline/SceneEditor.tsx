/** The small scene editor: number, synopsis, colour, order, renumber and delete. */
import { useState } from 'react';
import { SCENE_COLORS } from '../../shared/defaults';
import type { Scene } from '../../shared/domain';
import { useAppStore } from '../state/store-context';

export function SceneEditor({ scene, onClose }: { scene: Scene; onClose(): void }) {
  const store = useAppStore();
  const [number, setNumber] = useState(scene.number);
  const [synopsis, setSynopsis] = useState(scene.synopsis);
  const update = store.getState().updateScene;

  async function saveNumber() {
    const wanted = number.trim().toUpperCase();
    if (wanted && wanted !== scene.number && !(await update(scene.id, { number: wanted }))) setNumber(scene.number);
  }

  return (
    <div className="scene-editor" role="dialog" aria-label={`Scene ${scene.number}`} data-testid="scene-editor">
      <div className="scene-editor-head">
        <strong>Scene {scene.number}</strong>
        <span className="timeline-spacer" />
        <button type="button" aria-label="Close" data-testid="scene-editor-close" onClick={onClose}>
          ×
        </button>
      </div>
      <label>
        Number
        <input
          data-testid="scene-number-input"
          value={number}
          maxLength={16}
          onChange={(e) => setNumber(e.target.value)}
          onBlur={() => void saveNumber()}
          onKeyDown={(e) => e.key === 'Enter' && void saveNumber()}
        />
      </label>
      <label>
        Synopsis
        <textarea
          data-testid="scene-synopsis"
          rows={3}
          value={synopsis}
          onChange={(e) => setSynopsis(e.target.value)}
          onBlur={() => synopsis !== scene.synopsis && void update(scene.id, { synopsis })}
        />
      </label>
      <div className="scene-editor-colors" role="group" aria-label="Colour">
        <button type="button" className="scene-swatch none" aria-pressed={scene.color === null} title="No colour" data-testid="scene-color-none" onClick={() => void update(scene.id, { color: null })} />
        {SCENE_COLORS.map((color) => (
          <button
            key={color}
            type="button"
            className="scene-swatch"
            style={{ background: color }}
            aria-pressed={scene.color === color}
            title={color}
            data-testid="scene-color"
            onClick={() => void update(scene.id, { color })}
          />
        ))}
      </div>
      <div className="scene-editor-actions">
        <button type="button" data-testid="scene-move-earlier" onClick={() => void store.getState().moveSceneBy(scene.id, -1)}>
          ← Earlier
        </button>
        <button type="button" data-testid="scene-move-later" onClick={() => void store.getState().moveSceneBy(scene.id, 1)}>
          Later →
        </button>
        <button type="button" data-testid="scene-renumber" title="Number this scene's shots A, B, C… in order" onClick={() => void store.getState().renumber(scene.id)}>
          Renumber shots
        </button>
        <button
          type="button"
          className="danger"
          data-testid="scene-delete"
          onClick={() => {
            onClose();
            void store.getState().deleteScene(scene.id);
          }}
        >
          Delete scene
        </button>
      </div>
    </div>
  );
}
