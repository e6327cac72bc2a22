/**
 * What a drop does, per target: onto a shot, videos become takes, sound files become clips on
 * the Music lane attached to the shot, and everything else is sent as reference images (main
 * refuses what is not an image); onto an element, images; onto an audio lane, sound files at
 * the time dropped on. Resolves to the first refusal, or null when every file was taken.
 */
import type { AudioPlacement, AudioTrack } from '../../shared/domain';
import type { AppState } from '../state/app-store';
import { isScriptFile } from '../state/fountain-slice';
import { isAudioFile, isVideoFile, toUpload } from './dropped-files';

export async function dropOnShot(state: AppState, shotId: string, files: File[]): Promise<unknown> {
  // A screenplay dropped on a card is meant for the project, not the shot.
  const script = files.find(isScriptFile);
  if (script) {
    await state.openScriptImport(script);
    return null;
  }
  const videos = files.filter(isVideoFile);
  const sounds = files.filter(isAudioFile);
  const images = files.filter((f) => !isVideoFile(f) && !isAudioFile(f));
  if (sounds.length > 0) {
    const refused = await state.importAudio(await Promise.all(sounds.map(toUpload)), 'music', { kind: 'shot', shotId, offsetSeconds: 0 });
    if (refused) return refused;
  }
  if (images.length > 0) {
    const outcome = await state.addReferences({ kind: 'shot', id: shotId }, await Promise.all(images.map(toUpload)));
    if (!outcome.ok) return outcome.error;
  }
  for (const video of videos) {
    const outcome = await state.importTake(shotId, await toUpload(video));
    if (!outcome.ok) return outcome.error;
  }
  return null;
}

export async function dropOnElement(state: AppState, elementId: string, files: File[]): Promise<unknown> {
  const outcome = await state.addReferences({ kind: 'element', id: elementId }, await Promise.all(files.map(toUpload)));
  return outcome.ok ? null : outcome.error;
}

/** The end frame is one image: the first file dropped (adding replaces the one there). */
export async function dropOnEndFrame(state: AppState, shotId: string, files: File[]): Promise<unknown> {
  const image = files.find((f) => !isVideoFile(f)) ?? files[0];
  if (!image) return null;
  const outcome = await state.addReferences({ kind: 'endFrame', id: shotId }, [await toUpload(image)]);
  return outcome.ok ? null : outcome.error;
}

/** Every file goes to main, which checks by content that it is a sound file. */
export async function dropOnAudioLane(state: AppState, track: AudioTrack, placement: AudioPlacement, files: File[]): Promise<unknown> {
  return state.importAudio(await Promise.all(files.map(toUpload)), track, placement);
}
