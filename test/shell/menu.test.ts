/**
 * The desktop menu with Electron's Menu replaced by a recorder: every File item is there, page
 * commands reach the page as `menu.command`, Open Recent opens the project in main, and the
 * mac layout gets the app menu. The real electron-main wiring cannot run here (no Electron).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { installMenu, menuTemplate, type MenuDeps } from '../../main/shell/menu';
import type { MenuCommand } from '../../shared/contract/menu';

function deps(platform: NodeJS.Platform = 'linux') {
  const sent: MenuCommand[] = [];
  const opened: string[] = [];
  let picked: string | null = '/home/me/Picked.shotline';
  const d: MenuDeps = {
    platform,
    appName: 'Shotline',
    recent: () => [
      { path: '/p/Lighthouse.shotline', name: 'Lighthouse', openedAt: '2026-01-02T00:00:00Z' },
      { path: '/p/Harbour.shotline', name: 'Harbour', openedAt: '2026-01-01T00:00:00Z' },
    ],
    send: (c) => sent.push(c),
    openProject: (dir) => opened.push(dir),
    pickProjectFolder: async () => picked,
  };
  return { d, sent, opened, cancelPicker: () => (picked = null) };
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const byLabel = (items: MenuItemConstructorOptions[], label: string) => {
  const found = items.find((i) => i.label === label || i.role === label);
  if (!found) throw new Error(`no item "${label}" in ${items.map((i) => i.label ?? i.role).join(', ')}`);
  return found;
};
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('menu template', () => {
  it('has File, Edit, View and Help with the items the issue lists', () => {
    const { d } = deps();
    const top = menuTemplate(d);
    expect(top.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
    const file = submenu(byLabel(top, 'File')).map((i) => i.label ?? i.role ?? i.type);
    for (const label of ['New Project…', 'Open Project…', 'Open Recent', 'Import Shot List…', 'Export Sequence…', 'Export Contact Sheet…']) {
      expect(file).toContain(label);
    }
    const edit = submenu(byLabel(top, 'Edit')).map((i) => i.label ?? i.role ?? i.type);
    expect(edit).toEqual(['Undo', 'Redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('sends page commands as menu.command events', () => {
    const { d, sent } = deps();
    const top = menuTemplate(d);
    const file = submenu(byLabel(top, 'File'));
    click(byLabel(file, 'Export Sequence…'));
    click(byLabel(file, 'Export Contact Sheet…'));
    click(byLabel(file, 'Import Shot List…'));
    click(byLabel(submenu(byLabel(top, 'Edit')), 'Undo'));
    click(byLabel(submenu(byLabel(top, 'Edit')), 'Redo'));
    expect(sent.map((c) => c.command)).toEqual(['export.sequence', 'export.sheet', 'shotlist.import', 'edit.undo', 'edit.redo']);
  });

  it('opens recent projects and picked folders in main, and does nothing when the picker is cancelled', async () => {
    const { d, opened, cancelPicker, sent } = deps();
    const file = submenu(byLabel(menuTemplate(d), 'File'));
    const recent = submenu(byLabel(file, 'Open Recent'));
    expect(recent.map((r) => r.label)).toEqual(['Lighthouse', 'Harbour']);
    click(recent[1]!);
    click(byLabel(file, 'Open Project…'));
    await new Promise((r) => setTimeout(r, 0));
    cancelPicker();
    click(byLabel(file, 'Open Project…'));
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual(['/p/Harbour.shotline', '/home/me/Picked.shotline']);
    expect(sent).toEqual([]);
  });

  it('shows a disabled placeholder without recent projects', () => {
    const { d } = deps();
    d.recent = () => [];
    const recent = submenu(byLabel(submenu(byLabel(menuTemplate(d), 'File')), 'Open Recent'));
    expect(recent).toEqual([{ label: 'No recent projects', enabled: false }]);
  });

  it('puts About, Settings and Quit in the app menu on macOS only', () => {
    const mac = menuTemplate(deps('darwin').d);
    expect(mac[0]!.label).toBe('Shotline');
    expect(submenu(mac[0]).map((i) => i.role ?? i.label)).toContain('quit');
    expect(submenu(byLabel(mac, 'File')).some((i) => i.role === 'quit')).toBe(false);
    const linux = menuTemplate(deps('linux').d);
    expect(submenu(byLabel(linux, 'File')).some((i) => i.role === 'quit')).toBe(true);
  });

  it('installMenu builds from the template and installs the result', () => {
    const { d } = deps();
    const built: unknown[] = [];
    let installed: unknown = null;
    installMenu(
      {
        buildFromTemplate: (t) => {
          built.push(t);
          return { menu: t };
        },
        setApplicationMenu: (m) => (installed = m),
      },
      d,
    );
    expect(built).toHaveLength(1);
    expect(installed).toEqual({ menu: built[0] });
  });
});
