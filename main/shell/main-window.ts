/** Creates the Shotline window with the secure preferences and loads the app's page. */
import { BrowserWindow } from 'electron';
import { hardenWebContents, secureWebPreferences, type AppPage, type OpenExternal } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  page: AppPage;
  openExternal: OpenExternal;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Shotline',
    // Shown once painted, so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#16171a',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  hardenWebContents(window.webContents, options.openExternal);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.page.url);
  return window;
}
