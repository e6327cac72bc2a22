/**
 * Which links may leave the app for the user's browser. Only https, only hosts the app links
 * to itself (provider consoles, pricing and docs pages, the project's issue tracker); anything
 * else is dropped, so a prompt or an API response cannot make the app open an arbitrary URL or
 * a `file:`/custom-scheme handler.
 */
const ALLOWED_HOSTS = [
  'github.com',
  'platform.openai.com',
  'openai.com',
  'help.openai.com',
  'ai.google.dev',
  'aistudio.google.com',
  'console.cloud.google.com',
  'cloud.google.com',
  // Where the shipped descriptors' `auth.keyUrl` sends a person for a key.
  'dev.runwayml.com',
  'fal.ai',
  'ffmpeg.org',
];

/** True when `raw` is an https URL to an allow-listed host (or one of its subdomains). */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return ALLOWED_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
