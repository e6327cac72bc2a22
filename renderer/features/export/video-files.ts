/** Which exported files the page can play as video (the rest are shown in their folder). */
const VIDEO_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov', '.webm']);

/** True when the file's extension is one of a video the player (and the OS's "open") plays. */
export function isVideoFile(file: string): boolean {
  const dot = file.lastIndexOf('.');
  return dot >= 0 && VIDEO_EXTENSIONS.has(file.slice(dot).toLowerCase());
}
