/** Feeds main's pushed events into the store, outside React. Returns the disconnect function. */
import type { ContractClient } from '../../shared/contract';
import type { AppStore } from './app-store';
import { connectProductionEvents } from '../features/queue/connect-production-events';

export function connectEvents(client: ContractClient, store: AppStore): () => void {
  const offs = [
    client.on('project.changed', (snapshot) => store.getState().applySnapshot(snapshot)),
    ...connectProductionEvents(client, store),
    // The takes list and card posters; the money figure once a job is over.
    client.on('take.created', (take) => store.getState().putTake(take)),
    // A reference sheet landed: the whole element, with its new image.
    client.on('element.updated', (element) => store.getState().putElement(element)),
    client.on('job.updated', (job) => {
      if (['done', 'failed', 'refused', 'cancelled'].includes(job.status)) void store.getState().loadSpend();
    }),
  ];
  return () => offs.forEach((off) => off());
}
