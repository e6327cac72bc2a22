/**
 * The desktop menu bar. Thin on purpose: an item either uses an Electron role (clipboard,
 * window, zoom), opens a project in main (native folder picker, Open Recent), or sends a
 * `menu.command` event so the page does the rest in its own state (undo, export dialog...).
 * Electron's `Menu` and `dialog` are passed in, so tests can use a double.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../../shared/contract/projects';
import type { MenuCommand, MenuCommandName } from '../../shared/contract/menu';

/** What the menu needs from the app around it. */
export interface MenuDeps {
  platform: NodeJS.Platform;
  appName: string;
  /** Recent projects, newest first (read each time the menu is built). */
  recent(): readonly RecentProject[];
  /** Sends a command to the page (as the `menu.command` contract event). */
  send(command: MenuCommand): void;
  /** Opens a `.shotline` folder in main (the page follows through `project.changed`). */
  openProject(dir: string): void;
  /** Asks the user for a project folder; resolves to the path, or null when cancelled. */
  pickProjectFolder(): Promise<string | null>;
  /** Help > Check for Updates… (main/shell/auto-update-electron.ts); no item without it. */
  checkForUpdates?(): void;
}

/** The parts of Electron's `Menu` used here. */
export interface MenuApi {
  buildFromTemplate(template: MenuItemConstructorOptions[]): unknown;
  setApplicationMenu(menu: unknown): void;
}

/** Most recent projects shown under File > Open Recent. */
const RECENT_IN_MENU = 10;

function command(deps: MenuDeps, label: string, name: MenuCommandName, accelerator?: string): MenuItemConstructorOptions {
  return { label, accelerator, click: () => deps.send({ command: name }) };
}

function recentMenu(deps: MenuDeps): MenuItemConstructorOptions[] {
  const recent = deps.recent().slice(0, RECENT_IN_MENU);
  if (recent.length === 0) return [{ label: 'No recent projects', enabled: false }];
  return recent.map((r) => ({ label: r.name, sublabel: r.path, toolTip: r.path, click: () => deps.openProject(r.path) }));
}

/** The menu bar as a template (pure: no Electron calls). */
export function menuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command(deps, 'New Project…', 'project.new', 'CmdOrCtrl+Shift+N'),
      {
        label: 'Open Project…',
        accelerator: 'CmdOrCtrl+O',
        click: () => {
          void deps.pickProjectFolder().then((dir) => dir && deps.openProject(dir));
        },
      },
      { label: 'Open Recent', submenu: recentMenu(deps) },
      { type: 'separator' },
      command(deps, 'Import Shot List…', 'shotlist.import', 'CmdOrCtrl+I'),
      command(deps, 'Import Script (Fountain)…', 'script.import'),
      { type: 'separator' },
      command(deps, 'Export Sequence…', 'export.sequence', 'CmdOrCtrl+E'),
      command(deps, 'Export Contact Sheet…', 'export.sheet', 'CmdOrCtrl+Shift+E'),
      ...(mac ? [] : ([{ type: 'separator' }, command(deps, 'Settings…', 'view.settings', 'Ctrl+,'), { role: 'quit' }] as MenuItemConstructorOptions[])),
    ],
  };
  // Undo/redo are the page's (shot edits), not Chromium's text undo: they go as commands.
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      command(deps, 'Undo', 'edit.undo', 'CmdOrCtrl+Z'),
      command(deps, 'Redo', 'edit.redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      command(deps, 'Player', 'view.player', 'CmdOrCtrl+1'),
      command(deps, 'Queue', 'view.queue', 'CmdOrCtrl+2'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      command(deps, `About ${deps.appName}`, 'help.about'),
      ...(deps.checkForUpdates ? [{ label: 'Check for Updates…', click: () => deps.checkForUpdates?.() }] : []),
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: deps.appName,
    submenu: [
      command(deps, `About ${deps.appName}`, 'help.about'),
      { type: 'separator' },
      command(deps, 'Settings…', 'view.settings', 'Cmd+,'),
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, { role: 'windowMenu' }, help];
}

/** Builds and installs the menu bar; call again when the recent list changes. */
export function installMenu(menu: MenuApi, deps: MenuDeps): void {
  menu.setApplicationMenu(menu.buildFromTemplate(menuTemplate(deps)));
}
