/**
 * The only bridge between the page and main. Exposes `window.shotline` with one purpose-named
 * function per contract call (`shotline.projects.create(input)` -> Envelope) and
 * `shotline.events.on(name, listener)` for contract events, returning an unsubscribe.
 * ipcRenderer itself is never exposed. Bundled to out/main/preload.cjs, because a sandboxed
 * preload cannot import modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { calls, isEventName } from '../shared/contract';
import { eventChannel } from './shell/channels';

type Api = Record<string, unknown>;

function buildApi(): Api {
  const api: Api = {};
  for (const name of Object.keys(calls)) {
    const parts = name.split('.');
    let node = api;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Api;
    // One argument only: whatever else the page passes is not forwarded.
    node[parts[parts.length - 1]!] = (input?: unknown) => ipcRenderer.invoke(name, input ?? {});
  }
  api.events = {
    on(name: unknown, listener: unknown): () => void {
      if (!isEventName(name)) throw new Error(`"${String(name)}" is not a Shotline event.`);
      if (typeof listener !== 'function') throw new Error('events.on needs a listener function.');
      const channel = eventChannel(name);
      // Hide the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer) from the page.
      const wrapped = (_event: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  };
  return api;
}

contextBridge.exposeInMainWorld('shotline', buildApi());
