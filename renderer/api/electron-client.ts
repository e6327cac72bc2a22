/** The contract client inside Electron: wraps `window.shotline` from the preload. */
import type { CallInput, CallName, CallResult, ContractClient, Envelope } from '../../shared/contract';
import { ContractCallError, isEnvelope, unwrapEnvelope } from './contract-call-error';
import type { PreloadApi } from './preload-api';

type AnyCall = (input: unknown) => Promise<unknown>;

/** Builds a client over the preload API. */
export function createElectronClient(api: PreloadApi): ContractClient {
  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
      // The preload nests one object per dot: `shots.add` is api.shots.add.
      let fn: unknown = api;
      for (const part of name.split('.')) fn = (fn as Record<string, unknown> | undefined)?.[part];
      if (typeof fn !== 'function') {
        throw new ContractCallError(name, {
          code: 'unavailable',
          message: `This version of the app does not offer "${name}". Update Shotline or restart it.`,
        });
      }
      const envelope: unknown = await (fn as AnyCall)(input);
      if (!isEnvelope(envelope)) {
        throw new ContractCallError(name, {
          code: 'internal',
          message: `${name}: the app answered with something that is not a result. Restart Shotline.`,
        });
      }
      return unwrapEnvelope(name, envelope as Envelope<CallResult<N>>);
    },
    on(name, listener) {
      return api.events.on(name, listener);
    },
  };
}
