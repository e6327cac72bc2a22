/**
 * Chooses the contract client for the host the page runs in: the preload API inside Electron,
 * HTTP on the dev host. Nothing else in the renderer knows which host it is on.
 */
import type { ContractClient } from '../../shared/contract';
import { createElectronClient } from './electron-client';
import { createHttpClient, tokenFromUrl } from './http-client';
import './preload-api';

export function pickClient(win: Window = window): ContractClient {
  if (win.shotline) return createElectronClient(win.shotline);
  return createHttpClient({ token: tokenFromUrl(win.location.href) });
}
