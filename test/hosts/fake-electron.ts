/**
 * A test double of the parts of `electron` the shell and the preload use. It records what the
 * code under test asks of Electron, so tests can check the security setup without launching
 * Electron (which cannot run on this machine). Only `electron` is replaced; everything behind
 * it (dispatch, handlers, store, media-access) is real.
 */
type Listener = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener) {
    return this.on(name, fn);
  }
  removeListener(name: string, fn: Listener) {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== fn));
    return this;
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(name) ?? []) fn(...args);
  }
}

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends Emitter {
  mainFrame = new FakeFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  destroyed = false;
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends Emitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: { url?: string } = {};
  focused = 0;
  constructor(public options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loaded.url = url;
    this.webContents.mainFrame.url = url;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    this.focused++;
  }
  show() {}
}

export class FakeSession {
  headersListener: Listener | null = null;
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  webRequest = { onHeadersReceived: (fn: Listener) => (this.headersListener = fn) };
  setPermissionRequestHandler(fn: Listener) {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: Listener) {
    this.permissionCheck = fn;
  }
}

export class FakeIpcMain {
  handlers = new Map<string, Listener>();
  handle(channel: string, fn: Listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

export class FakeProtocol {
  privileged: unknown[] = [];
  handlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, fn: (request: Request) => Promise<Response> | Response) {
    this.handlers.set(scheme, fn);
  }
}

export const state = {
  userData: '/nonexistent',
  appPath: '/nonexistent',
  lockGranted: true,
  opened: [] as string[],
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<[string, unknown]>,
};

class FakeApp extends Emitter {
  isPackaged = false;
  quits = 0;
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return state.userData;
  }
  getAppPath() {
    return state.appPath;
  }
  getVersion() {
    return '9.9.9-test';
  }
  getName() {
    return 'Shotline';
  }
  requestSingleInstanceLock() {
    return state.lockGranted;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    this.quits++;
  }
  exit() {}
}

export const ipcRendererListeners = new Emitter();

/** The application menu as installed (a built menu is just its template here). */
export const menuState = {
  installed: null as { template: unknown[] } | null,
  installs: 0,
  /** What the next File > Open dialog answers. */
  nextOpenDialog: { canceled: true, filePaths: [] as string[] },
  /** Files shown in the file manager / opened with their app (shell.showItemInFolder / openPath). */
  revealed: [] as string[],
  openedPaths: [] as string[],
};

export const fakeElectron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  ipcMain: new FakeIpcMain(),
  protocol: new FakeProtocol(),
  session: { defaultSession: new FakeSession() },
  Menu: {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: (menu: { template: unknown[] } | null) => {
      menuState.installed = menu;
      menuState.installs++;
    },
  },
  dialog: {
    showOpenDialog: async () => menuState.nextOpenDialog,
  },
  shell: {
    openExternal: async (url: string) => {
      state.opened.push(url);
    },
    showItemInFolder: (file: string) => {
      menuState.revealed.push(file);
    },
    openPath: async (file: string) => {
      menuState.openedPaths.push(file);
      return '';
    },
  },
  // No OS key store in tests: the secret store keeps keys in memory and says so.
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: (text: string) => Buffer.from(text),
    decryptString: (data: Buffer) => data.toString(),
    getSelectedStorageBackend: () => 'unknown',
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      state.invoked.push([channel, input]);
      return { ok: true, value: channel };
    },
    on: (channel: string, fn: Listener) => ipcRendererListeners.on(channel, fn),
    removeListener: (channel: string, fn: Listener) => ipcRendererListeners.removeListener(channel, fn),
  },
};
