/**
 * Every `shotline` command, in the order `--help` lists them. To add one, write
 * `<name>-command.ts` exporting a `CliCommand` and add it here.
 */
import type { CliCommand } from '../command';
import { newCommand } from './new-command';
import { importCommand } from './import-command';
import { infoCommand } from './info-command';
import { estimateCommand } from './estimate-command';
import { generateCommand } from './generate-command';
import { exportCommand } from './export-command';
import { renderCommand } from './render-command';
import { sheetCommand } from './sheet-command';

export const commands: readonly CliCommand[] = [newCommand, importCommand, infoCommand, estimateCommand, generateCommand, exportCommand, renderCommand, sheetCommand];
