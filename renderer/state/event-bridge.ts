/** Feeds main's pushed events into the store, outside React. Returns the disconnect function. */
import type { ContractClient } from '../../shared/contract';
import type { AppStore } from './app-store';
import { connectProductionEvents } from '../features/queue/connect-production-events';

export function connectEvents(client: ContractClient, store: AppStore): () => void {
  const offs = [
    client.on('project.changed', (snapshot) => store.getState().applySnapshot(snapshot)),
    ...connectProductionEvents(client, store),
  ];
  return () => offs.forEach((off) => off());
}
