/**
 * IPC channel names shared by the shell and the preload. Calls use the contract call name as
 * the channel (`projects.create`); events go out on `event:<name>`, so the preload can only
 * ever subscribe to contract events. No Electron import, so both sides and tests can use it.
 */
import type { EventName } from '../../shared/contract';

export const EVENT_CHANNEL_PREFIX = 'event:';

export function eventChannel(name: EventName): string {
  return `${EVENT_CHANNEL_PREFIX}${name}`;
}
