/**
 * The ComfyUI hosts a user set: one base URL, or several separated by commas or whitespace (a
 * pool). Each host keeps its own queue (ComfyUI's single FIFO per server); a new job goes to the
 * host with the shortest `/queue`. A remote id names the host and the prompt
 * (`http://gpu-2:8188#<prompt_id>`), so a job is polled on the host that has it, also after a
 * restart and after the pool changed.
 *
 * ComfyUI has no authentication. A reverse proxy in front of it may ask for HTTP Basic: the
 * user writes `http://user:password@host:8188`; the credentials become an Authorization header
 * and appear nowhere else (not in remote ids, messages or logs).
 */

/** One ComfyUI server. */
export interface ComfyHost {
  /** Base URL without credentials and trailing slash (`http://127.0.0.1:8188`, `https://proxy/comfy`). */
  base: string;
  /** `Basic ...` from credentials in the URL; never logged. */
  authorization?: string;
  /** `host:port` (plus the path, if any) for messages. */
  label: string;
}

/** ComfyUI's own default address. */
export const DEFAULT_COMFY_URL = 'http://127.0.0.1:8188';

/** Thrown for a base-URL setting that names no usable host. */
export class HostSettingError extends Error {}

/** One URL of the setting as a host. */
export function parseHost(text: string): ComfyHost {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new HostSettingError(`"${text}" is not a URL; write the ComfyUI address as http://host:8188.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HostSettingError(`"${url.protocol}" is not a ComfyUI address; write http://host:8188 (or https:// behind a proxy).`);
  }
  const authorization = url.username || url.password
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  url.username = '';
  url.password = '';
  url.hash = '';
  url.search = '';
  const base = url.toString().replace(/\/+$/, '');
  const label = `${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { base, label, ...(authorization ? { authorization } : {}) };
}

/** Every host of the setting, in the order written; the default when the setting is empty. */
export function parseHosts(setting: string | undefined): ComfyHost[] {
  const parts = (setting ?? '').split(/[\s,]+/).filter(Boolean);
  const hosts = (parts.length ? parts : [DEFAULT_COMFY_URL]).map(parseHost);
  // The same host written twice is one queue.
  return hosts.filter((h, i) => hosts.findIndex((o) => o.base === h.base) === i);
}

/** The remote id of a prompt on a host. */
export function remoteIdOf(host: ComfyHost, promptId: string): string {
  return `${host.base}#${promptId}`;
}

/** Host base and prompt id of a remote id; throws for one this adapter did not make. */
export function parseRemoteId(remoteId: string): { base: string; promptId: string } {
  const at = remoteId.lastIndexOf('#');
  const base = at > 0 ? remoteId.slice(0, at) : '';
  const promptId = at > 0 ? remoteId.slice(at + 1) : '';
  if (!/^https?:\/\//.test(base) || !promptId) throw new HostSettingError(`"${remoteId}" is not a ComfyUI job id (expected http://host:port#<prompt id>).`);
  return { base, promptId };
}

/** The configured host with this base (it has the credentials), or a plain host for it (the pool changed since). */
export function hostForBase(hosts: readonly ComfyHost[], base: string): ComfyHost {
  return hosts.find((h) => h.base === base) ?? parseHost(base);
}

/** The least busy host; ties go to the one written first. `loads[i]` is null for a host that did not answer. */
export function leastBusy<T extends ComfyHost>(hosts: readonly T[], loads: readonly (number | null)[]): T | null {
  let best: { host: T; load: number } | null = null;
  hosts.forEach((host, i) => {
    const load = loads[i];
    if (load === null || load === undefined) return;
    if (!best || load < best.load) best = { host, load };
  });
  return (best as { host: T; load: number } | null)?.host ?? null;
}
