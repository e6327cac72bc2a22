/**
 * The file types the media routes serve, by extension. Anything else in the project folder
 * (project.db, its WAL, temp files) is not media and is refused, so the page can never read
 * the database through a media URL.
 */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The Content-Type for a media file name, or null when it is not a media file. */
export function mediaTypeOf(fileName: string): string | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  return MEDIA_TYPES[fileName.slice(dot).toLowerCase()] ?? null;
}
