/**
 * Files dropped from the desktop, as the contract takes them: `{ name, dataBase64 }`. The
 * renderer only sorts videos from everything else by type or extension; whether a file is a
 * usable image or video is main's decision, and its message is what the user sees.
 */
import type { UploadedFile } from '../../shared/contract/references';

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|mkv|webm|avi|mpg|mpeg)$/i;

/** True for a file that should become a take rather than a reference image. */
export function isVideoFile(file: File): boolean {
  return file.type.startsWith('video/') || VIDEO_EXTENSIONS.test(file.name);
}

const AUDIO_EXTENSIONS = /\.(wav|wave|mp3|aac|m4a|flac)$/i;

/**
 * True for a sound file (a clip for the audio lanes, not a reference image). Only routing:
 * main checks the content with ffprobe and refuses what is not a sound it takes.
 */
export function isAudioFile(file: File): boolean {
  return file.type.startsWith('audio/') || AUDIO_EXTENSIONS.test(file.name);
}

/** Base64 of bytes, in chunks (String.fromCharCode on a whole large file would overflow the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Reads a File into the upload shape. */
export async function toUpload(file: File): Promise<UploadedFile> {
  // A name with folders (some platforms) would be refused by the contract: keep the last part.
  const name = file.name.split(/[\\/]/).pop() || 'dropped-file';
  return { name, dataBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}

/** The files of a drag event (empty for text or a card being dragged). */
export function filesOf(dataTransfer: DataTransfer | null): File[] {
  return dataTransfer ? Array.from(dataTransfer.files) : [];
}

/** True while a drag carries files (not a dnd-kit card or a text selection). */
export function dragHasFiles(dataTransfer: DataTransfer | null): boolean {
  return !!dataTransfer && Array.from(dataTransfer.types).includes('Files');
}
