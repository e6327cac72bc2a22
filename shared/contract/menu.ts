/**
 * Commands the desktop menu sends to the page (`menu.command` event). The menu only says what
 * was chosen; the page decides what that means in its current state (a dialog, an undo...).
 */

/** What a menu item asks the page to do. */
export type MenuCommandName =
  | 'project.new'
  | 'project.open'
  | 'project.openRecent'
  | 'shotlist.import'
  | 'script.import'
  | 'export.sequence'
  | 'export.sheet'
  | 'edit.undo'
  | 'edit.redo'
  | 'view.settings'
  | 'view.queue'
  | 'view.player'
  | 'help.about';

export const MENU_COMMANDS: readonly MenuCommandName[] = [
  'project.new',
  'project.open',
  'project.openRecent',
  'shotlist.import',
  'script.import',
  'export.sequence',
  'export.sheet',
  'edit.undo',
  'edit.redo',
  'view.settings',
  'view.queue',
  'view.player',
  'help.about',
];

/** Payload of `menu.command`. */
export interface MenuCommand {
  command: MenuCommandName;
  /** For `project.openRecent` (and a folder picked in a native dialog): the project folder. */
  path?: string;
}
