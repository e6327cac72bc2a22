/**
 * The head of a scene's band on the timeline: colour, number, heading (double-click or Enter to
 * rename in place), how many shots and how long it runs, a fold toggle and the scene editor.
 * It is a drop target: a shot dropped on it moves to the start of that scene.
 */
import { memo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useDroppable } from '@dnd-kit/core';
import type { Scene } from '../../shared/domain';
import { formatSeconds } from '../format/duration';
import { useAppStore } from '../state/store-context';

export interface SceneBandProps {
  scene: Scene;
  shotCount: number;
  seconds: number;
  width: number;
  style: CSSProperties;
  onEdit(sceneId: string): void;
}

/** The id a scene band has as a drop target (shot ids are UUIDs, so these never clash). */
export const sceneDropId = (sceneId: string) => `scene:${sceneId}`;
export const sceneIdOfDrop = (id: string) => (id.startsWith('scene:') ? id.slice('scene:'.length) : null);

export const SceneBand = memo(function SceneBand({ scene, shotCount, seconds, width, style, onEdit }: SceneBandProps) {
  const store = useAppStore();
  const { setNodeRef, isOver } = useDroppable({ id: sceneDropId(scene.id) });
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(scene.heading);

  function startRename() {
    setDraft(scene.heading);
    setRenaming(true);
  }

  function commit() {
    setRenaming(false);
    if (draft !== scene.heading) void store.getState().updateScene(scene.id, { heading: draft });
  }

  function onHeadingKey(event: KeyboardEvent<HTMLInputElement>) {
    event.stopPropagation();
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') setRenaming(false);
  }

  const classes = ['scene-band'];
  if (scene.collapsed) classes.push('is-collapsed');
  if (isOver) classes.push('is-drop-target');

  return (
    <li
      ref={setNodeRef}
      className={classes.join(' ')}
      style={{ ...style, width, ['--scene-color' as string]: scene.color ?? 'var(--border)' }}
      data-testid="scene-band"
      data-scene-id={scene.id}
      aria-label={`Scene ${scene.number}: ${scene.heading || 'no heading'}, ${shotCount} shot${shotCount === 1 ? '' : 's'}`}
    >
      <div className="scene-band-top">
        <span className="scene-band-number" data-testid="scene-number">
          {scene.number}
        </span>
        <span className="timeline-spacer" />
        <button
          type="button"
          className="scene-band-icon"
          data-testid="scene-collapse"
          aria-expanded={!scene.collapsed}
          title={scene.collapsed ? 'Show this scene\u2019s shots' : 'Fold this scene'}
          onClick={() => void store.getState().updateScene(scene.id, { collapsed: !scene.collapsed })}
        >
          {scene.collapsed ? '\u25B8' : '\u25BE'}
        </button>
        <button type="button" className="scene-band-icon" data-testid="scene-edit" title="Edit scene: number, synopsis, colour, order" onClick={() => onEdit(scene.id)}>
          {'\u22EF'}
        </button>
      </div>
      {renaming ? (
        <input
          className="scene-band-heading-input"
          data-testid="scene-heading-input"
          aria-label={`Heading of scene ${scene.number}`}
          autoFocus
          value={draft}
          maxLength={200}
          placeholder="INT. LIGHTHOUSE - NIGHT"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={onHeadingKey}
        />
      ) : (
        <button
          type="button"
          className={`scene-band-heading${scene.heading ? '' : ' muted'}`}
          data-testid="scene-heading"
          title="Double-click to rename"
          onDoubleClick={startRename}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'F2') {
              e.preventDefault();
              startRename();
            }
          }}
        >
          {scene.heading || 'No heading'}
        </button>
      )}
      {scene.synopsis && <p className="scene-band-synopsis muted">{scene.synopsis}</p>}
      <div className="scene-band-meta" data-testid="scene-meta">
        {shotCount} shot{shotCount === 1 ? '' : 's'} · {formatSeconds(seconds)}
      </div>
    </li>
  );
});
