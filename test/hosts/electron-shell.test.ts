import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { calls } from '../../shared/contract';
import { MEDIA_PROTOCOL } from '../../shared/contract/http';
import { APP_PAGE_URL, APP_PROTOCOL } from '../../main/shell/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/csp';
import { FakeFrame, FakeSession, FakeWebContents, FakeBrowserWindow, fakeElectron, ipcRendererListeners, state } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

let base: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-shell-'));
  state.userData = path.join(base, 'userData');
  state.appPath = path.join(base, 'app');
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('security block', () => {
  it('creates the window with isolated, sandboxed, Node-free preferences and our preload', async () => {
    const { createMainWindow } = await import('../../main/shell/main-window');
    const window = createMainWindow({ preloadPath: '/app/out/main/preload.cjs', page: { url: APP_PAGE_URL }, openExternal: async () => {} }) as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/main/preload.cjs',
    });
    expect(window.loaded.url).toBe(APP_PAGE_URL);
  });

  it('sets the CSP on every response and denies every permission', async () => {
    const { applySessionSecurity } = await import('../../main/shell/security');
    const session = new FakeSession();
    applySessionSecurity(session as never);
    let headers: Record<string, string[]> = {};
    session.headersListener!({ responseHeaders: { 'content-type': ['text/html'] } }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(headers['content-security-policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-type']).toEqual(['text/html']);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain(`media-src 'self' ${MEDIA_PROTOCOL}:`);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      let granted: boolean | null = null;
      session.permissionRequest!(null, permission, (ok: boolean) => (granted = ok));
      expect(granted, permission).toBe(false);
      expect(session.permissionCheck!(null, permission)).toBe(false);
    }
  });

  it('blocks navigation and new windows; only allow-listed https links go out', async () => {
    const { hardenWebContents } = await import('../../main/shell/security');
    const contents = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(contents as never, async (url) => void opened.push(url));
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'https://platform.openai.com/settings']) {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      expect(prevented, url).toBe(true);
    }
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
    for (const url of ['https://evil.example/x', 'http://github.com/', 'javascript:alert(1)', 'https://github.com.evil.example/', 'https://user@github.com/', 'https://github.com/shotline/shotline/issues']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://platform.openai.com/settings', 'https://github.com/shotline/shotline/issues']);
  });

  it('the IPC sender check accepts our main frame and refuses foreign frames', async () => {
    const { createSenderCheck } = await import('../../main/shell/security');
    const window = new FakeBrowserWindow({});
    await window.loadURL(APP_PAGE_URL);
    const check = createSenderCheck(() => window as never, { url: APP_PAGE_URL });
    const ours = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(check(ours as never)).toBe(true);
    const withHash = new FakeFrame(`${APP_PROTOCOL}://renderer/index.html#/shots`);
    window.webContents.mainFrame = withHash;
    expect(check({ sender: window.webContents, senderFrame: withHash } as never)).toBe(true);

    const sub = new FakeFrame(APP_PAGE_URL);
    sub.parent = withHash;
    expect(check({ sender: window.webContents, senderFrame: sub } as never), 'sub-frame').toBe(false);
    const other = new FakeWebContents();
    other.mainFrame.url = withHash.url;
    expect(check({ sender: other, senderFrame: other.mainFrame } as never), 'other contents').toBe(false);
    withHash.url = 'https://evil.example/';
    expect(check({ sender: window.webContents, senderFrame: withHash } as never), 'navigated away').toBe(false);
    for (const url of ['file:///app/out/renderer/index.html', `${APP_PROTOCOL}://elsewhere/index.html`, `${MEDIA_PROTOCOL}://renderer/index.html`, 'about:blank']) {
      withHash.url = url;
      expect(check({ sender: window.webContents, senderFrame: withHash } as never), url).toBe(false);
    }
    expect(check({ sender: window.webContents, senderFrame: null } as never), 'no frame').toBe(false);
  });

  it('the app protocol serves the built page with the CSP header and refuses traversal', async () => {
    const { answerAppRequest } = await import('../../main/shell/app-protocol');
    const rendererDir = path.join(base, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<title>page</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'a.js'), 'js');
    fs.writeFileSync(path.join(base, 'outside.js'), 'SECRET');
    const page = await answerAppRequest(new Request(APP_PAGE_URL), rendererDir);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe('<title>page</title>');
    const js = await answerAppRequest(new Request(`${APP_PROTOCOL}://renderer/assets/a.js`), rendererDir);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toBe('js');
    const route = await answerAppRequest(new Request(`${APP_PROTOCOL}://renderer/shots/3`), rendererDir);
    expect(await route.text()).toBe('<title>page</title>');
    for (const p of ['..%2foutside.js', '%252e%252e%252foutside.js', 'assets/..%2f..%2foutside.js']) {
      const res = await answerAppRequest(new Request(`${APP_PROTOCOL}://renderer/${p}`), rendererDir);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('SECRET');
    }
    expect((await answerAppRequest(new Request(`${APP_PROTOCOL}://other/index.html`), rendererDir)).status).toBe(404);
  });

  it('the media protocol serves project files with Range and refuses traversal', async () => {
    const { handleMediaProtocol } = await import('../../main/shell/media-protocol');
    const project = path.join(base, 'Film.shotline');
    fs.mkdirSync(path.join(project, 'media'), { recursive: true });
    fs.writeFileSync(path.join(project, 'media', 'a.png'), Buffer.from('0123456789'));
    fs.writeFileSync(path.join(base, 'secret.png'), 'SECRET');
    const protocol = new (fakeElectron.protocol.constructor as new () => typeof fakeElectron.protocol)();
    handleMediaProtocol(protocol as never, () => project);
    const handler = protocol.handlers.get(MEDIA_PROTOCOL)!;
    const ok = await handler(new Request(`${MEDIA_PROTOCOL}://project/media/a.png`, { headers: { range: 'bytes=2-4' } }));
    expect(ok.status).toBe(206);
    expect(await ok.text()).toBe('234');
    for (const p of ['media/..%2f..%2fsecret.png', '..%2fsecret.png', '%252e%252e%252fsecret.png', '%2Fetc%2Fpasswd', 'media/a.png%00']) {
      const res = await handler(new Request(`${MEDIA_PROTOCOL}://project/${p}`));
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('SECRET');
    }
    expect((await handler(new Request(`${MEDIA_PROTOCOL}://elsewhere/media/a.png`))).status).toBe(404);
  });
});

describe('electron-main wiring', () => {
  const trusted = () => {
    const window = FakeBrowserWindow.created.at(-1)!;
    return { window, event: { sender: window.webContents, senderFrame: window.webContents.mainFrame } };
  };

  beforeAll(async () => {
    FakeBrowserWindow.created.length = 0;
    await import('../../main/shell/electron-main');
    await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBe(1));
  });

  it('registers the app and media schemes as privileged (media streaming) before ready', () => {
    expect(fakeElectron.protocol.privileged).toEqual([
      { scheme: APP_PROTOCOL, privileges: expect.objectContaining({ standard: true, secure: true }) },
      { scheme: MEDIA_PROTOCOL, privileges: expect.objectContaining({ standard: true, secure: true, stream: true, supportFetchAPI: true }) },
    ]);
    expect(fakeElectron.protocol.handlers.has(MEDIA_PROTOCOL)).toBe(true);
    expect(fakeElectron.protocol.handlers.has(APP_PROTOCOL)).toBe(true);
  });

  it('secures the default session and loads the built renderer with the bundled preload', () => {
    expect(fakeElectron.session.defaultSession.headersListener).not.toBeNull();
    const { window } = trusted();
    expect(window.loaded.url).toBe(APP_PAGE_URL);
    expect(window.options.webPreferences?.preload).toBe(path.join(state.appPath, 'out', 'main', 'preload.cjs'));
  });

  it('handles every contract call over IPC, refusing foreign senders', async () => {
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(calls).sort());
    const handler = fakeElectron.ipcMain.handlers.get('app.info')!;
    const { window, event } = trusted();
    expect(await handler(event, {})).toEqual({ ok: true, value: { host: 'electron', version: '9.9.9-test', mediaBase: `${MEDIA_PROTOCOL}://project/` } });
    const foreign = new FakeFrame(window.webContents.mainFrame.url);
    foreign.parent = window.webContents.mainFrame;
    expect(await handler({ sender: window.webContents, senderFrame: foreign }, {})).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(await fakeElectron.ipcMain.handlers.get('shots.update')!(event, { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('a second launch with a .shotline path focuses the window, opens it and tells the page', async () => {
    const { window, event } = trusted();
    const create = fakeElectron.ipcMain.handlers.get('projects.create')!;
    const created = (await create(event, { name: 'Second', parentDir: path.join(base, 'projects') })) as { ok: boolean; value: { path: string } };
    expect(created.ok).toBe(true);
    await fakeElectron.ipcMain.handlers.get('projects.close')!(event, {});
    fakeElectron.app.emit('second-instance', {}, ['/opt/Shotline/shotline', '--flag', created.value.path], '/');
    expect(window.focused).toBe(1);
    await vi.waitFor(() => expect(window.webContents.sent.map(([c]) => c)).toContain('event:project.changed'));
    const payload = window.webContents.sent.find(([c]) => c === 'event:project.changed')![1] as { path: string };
    expect(payload.path).toBe(created.value.path);
  });
});

describe('preload', () => {
  beforeAll(async () => {
    await import('../../main/preload');
  });

  it('exposes purpose-named functions for every call and never ipcRenderer', async () => {
    const api = state.exposed.get('shotline') as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
    expect(api).toBeDefined();
    for (const name of Object.keys(calls)) {
      const [area, fn] = name.split('.') as [string, string];
      expect(typeof api[area]?.[fn], name).toBe('function');
    }
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|invoke|send/);
    await api.projects!.create!({ name: 'X' });
    expect(state.invoked.at(-1)).toEqual(['projects.create', { name: 'X' }]);
  });

  it('events.on accepts only contract events, hides the IPC event, and unsubscribes', () => {
    const events = (state.exposed.get('shotline') as { events: { on: (n: string, l: (p: unknown) => void) => () => void } }).events;
    expect(() => events.on('not.an.event', () => {})).toThrow(/not a Shotline event/);
    const seen: unknown[][] = [];
    const off = events.on('project.changed', (...args: unknown[]) => seen.push(args));
    ipcRendererListeners.emit('event:project.changed', { sender: 'ipcRenderer' }, { path: '/x' });
    expect(seen).toEqual([[{ path: '/x' }]]);
    off();
    ipcRendererListeners.emit('event:project.changed', {}, { path: '/y' });
    expect(seen).toHaveLength(1);
  });
});
