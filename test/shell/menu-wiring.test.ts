/**
 * The menu and desktop actions as electron-main wires them, with only `electron` replaced by
 * the shell's test double: the menu bar is installed at start, a page command reaches the
 * window as `menu.command`, Open Recent is rebuilt when a project opens, File > Open opens the
 * picked folder, and app.reveal / app.openPath use the OS shell.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, menuState, state, fakeElectron } from '../hosts/fake-electron';

vi.mock('electron', async () => (await import('../hosts/fake-electron')).fakeElectron);

let base: string;
type Item = MenuItemConstructorOptions;
const top = () => (menuState.installed?.template ?? []) as Item[];
const sub = (items: Item[], label: string) => (items.find((i) => i.label === label)?.submenu ?? []) as Item[];
const click = (item: Item | undefined) => (item!.click as unknown as () => void)();

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'shotline-menu-'));
  state.userData = path.join(base, 'userData');
  state.appPath = path.join(base, 'app');
  FakeBrowserWindow.created.length = 0;
  await import('../../main/shell/electron-main');
  await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBe(1));
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const trusted = () => {
  const window = FakeBrowserWindow.created.at(-1)!;
  return { window, event: { sender: window.webContents, senderFrame: window.webContents.mainFrame } };
};
const ipc = (name: string, input: unknown) => fakeElectron.ipcMain.handlers.get(name)!(trusted().event, input) as Promise<{ ok: boolean; value: never }>;

describe('menu wiring in electron-main', () => {
  it('installs the menu bar and sends page commands to the window', () => {
    expect(menuState.installs).toBeGreaterThanOrEqual(1);
    expect(top().map((m) => m.label ?? m.role)).toContain('File');
    click(sub(top(), 'File').find((i) => i.label === 'Export Sequence…'));
    const { window } = trusted();
    expect(window.webContents.sent).toContainEqual(['event:menu.command', { command: 'export.sequence' }]);
  });

  it('rebuilds Open Recent when a project opens, and opens a picked folder', async () => {
    const before = menuState.installs;
    const created = (await ipc('projects.create', { name: 'Recent One', parentDir: base })) as { ok: boolean; value: { path: string } };
    expect(created.ok).toBe(true);
    expect(menuState.installs).toBeGreaterThan(before);
    const recent = sub(sub(top(), 'File'), 'Open Recent');
    expect(recent.map((r) => r.label)).toEqual(['Recent One']);

    await ipc('projects.close', {});
    menuState.nextOpenDialog = { canceled: false, filePaths: [created.value.path] };
    click(sub(top(), 'File').find((i) => i.label === 'Open Project…'));
    const { window } = trusted();
    await vi.waitFor(() => expect(window.webContents.sent.some(([c, p]) => c === 'event:project.changed' && (p as { path?: string })?.path === created.value.path)).toBe(true));
  });

  it('shows and opens files through the OS shell', async () => {
    const file = path.join(base, 'cut.mp4');
    fs.writeFileSync(file, 'x');
    expect(await ipc('app.reveal', { path: file })).toMatchObject({ ok: true, value: { done: true, path: file } });
    expect(await ipc('app.openPath', { path: file })).toMatchObject({ ok: true, value: { done: true } });
    expect(menuState.revealed).toEqual([file]);
    expect(menuState.openedPaths).toEqual([file]);
  });
});
