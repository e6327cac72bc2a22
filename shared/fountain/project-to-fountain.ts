/** A project's scenes and shots in the shape the Fountain writer takes (pure). */
import type { Element, Scene, Shot } from '../domain';
import type { FountainSource } from './draft-to-fountain';

export function projectToFountainSource(name: string, scenes: readonly Scene[], shots: readonly Shot[], elements: readonly Element[]): FountainSource {
  return {
    name,
    scenes: scenes.map((scene) => ({
      number: scene.number,
      heading: scene.heading,
      synopsis: scene.synopsis,
      shots: shots.filter((s) => s.sceneId === scene.id),
    })),
    characters: elements.filter((e) => e.kind === 'character').map((e) => ({ name: e.name })),
  };
}
