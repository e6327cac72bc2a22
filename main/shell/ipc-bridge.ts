/**
 * Connects the contract to Electron IPC: one `ipcMain.handle` per contract call, each behind
 * the sender check, each answered by the shared dispatcher with an envelope; and every bus
 * event forwarded to the window. No logic here beyond the door.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { calls, type EventName } from '../../shared/contract';
import type { Envelope } from '../../shared/contract/define';
import type { Dispatch } from '../ipc/dispatch';
import type { EventBus } from '../app/event-bus';
import { eventChannel } from './channels';

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'refused', message: 'This call did not come from the Shotline window, so it was refused.' },
};

/** Registers every contract call; returns a function that removes them again. */
export function registerContractIpc(ipcMain: IpcMain, dispatch: Dispatch, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  const names = Object.keys(calls);
  for (const name of names) {
    ipcMain.handle(name, (event, input: unknown) => (isTrusted(event) ? dispatch(name, input) : REFUSED));
  }
  return () => names.forEach((name) => ipcMain.removeHandler(name));
}

/** Sends every event of the bus to the current window (if any); returns the unsubscribe. */
export function forwardEvents(bus: EventBus, getContents: () => WebContents | null): () => void {
  return bus.subscribe((name: EventName, payload) => {
    const contents = getContents();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  });
}
