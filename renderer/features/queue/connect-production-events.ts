/**
 * Feeds the production side's events into the store, outside React: job snapshots (a burst of
 * progress touches one map entry each), new takes, export progress and desktop menu commands.
 */
import type { ContractClient } from '../../../shared/contract';
import type { AppStore } from '../../state/app-store';

export function connectProductionEvents(client: ContractClient, store: AppStore): Array<() => void> {
  return [
    client.on('job.updated', (job) => store.getState().applyJob(job)),
    client.on('take.created', (take) => void store.getState().takeCreated(take)),
    client.on('export.progress', (job) => store.getState().applyExportProgress(job)),
    client.on('menu.command', (command) => store.getState().runMenuCommand(command)),
  ];
}
