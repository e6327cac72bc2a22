/**
 * The DejaVu fonts shipped in `assets/fonts` (title cards, burn-in, contact sheets): under the
 * packaged app's resources, or found by walking up from this module in a checkout or bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors';

export interface ShippedFonts {
  regular: string;
  bold: string;
}

export function findShippedFonts(resourcesPath: string | null = (process as { resourcesPath?: string }).resourcesPath ?? null): ShippedFonts {
  const candidates: string[] = [];
  if (process.env.SHOTLINE_FONTS_DIR) candidates.push(process.env.SHOTLINE_FONTS_DIR);
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'assets', 'fonts'));
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 6; i++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'assets', 'fonts'));
  for (const dir of candidates) {
    const regular = path.join(dir, 'DejaVuSans.ttf');
    const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
    if (fs.existsSync(regular) && fs.existsSync(bold)) return { regular, bold };
  }
  throw new UserError('unavailable', 'The title-card font (assets/fonts/DejaVuSans.ttf) is missing from this installation. Reinstall Shotline.');
}
