/**
 * Draws the Lighthouse example's reference images (simple shapes and gradients, distinct
 * colours) with sharp from inline SVG, so the example needs no downloaded media. The PNGs are
 * committed (small, drawn by this script; rerun it after changing the drawings).
 *
 *   npx tsx examples/lighthouse/make-refs.ts            # writes examples/lighthouse/refs/*.png
 *   npx tsx examples/lighthouse/make-refs.ts <out dir>  # writes elsewhere (tests use a temp dir)
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';

const W = 640;
const H = 360;

/** A figure for a character sheet: body, head, and a few markers, on an even grey backdrop. */
function figure(coat: string, hair: string, extra: string): string {
  return `
    <rect width="${W}" height="${H}" fill="#8c9296"/>
    <ellipse cx="320" cy="330" rx="150" ry="22" fill="#6f7579"/>
    <path d="M250 330 L270 170 Q320 140 370 170 L390 330 Z" fill="${coat}"/>
    <circle cx="320" cy="120" r="46" fill="#e2b89a"/>
    <path d="M272 118 Q272 66 320 64 Q368 66 368 118 Q352 90 320 88 Q288 90 272 118 Z" fill="${hair}"/>
    ${extra}`;
}

/** Every image of the example, by file name. */
const IMAGES: Record<string, string> = {
  // Mara: yellow raincoat, long grey braid.
  'mara.png': figure('#e8c21a', '#b8b8b0', '<path d="M362 110 Q392 180 372 250" stroke="#b8b8b0" stroke-width="14" fill="none" stroke-linecap="round"/>'),
  // Tomas, the keeper: navy pea coat, white beard, red scarf.
  'tomas.png': figure('#1f2d4d', '#f2f2ee', '<path d="M290 140 Q320 200 350 140 Z" fill="#f2f2ee"/><rect x="272" y="168" width="96" height="16" fill="#b3262e"/>'),
  // The lighthouse on its headland under an overcast teal sky.
  'lighthouse.png': `
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5d7f84"/><stop offset="1" stop-color="#a9bcbc"/></linearGradient></defs>
    <rect width="${W}" height="${H}" fill="url(#sky)"/>
    <rect y="250" width="${W}" height="110" fill="#2e5560"/>
    <path d="M300 260 L560 200 L640 210 L640 360 L260 360 Z" fill="#55604a"/>
    <path d="M470 220 L482 90 L518 90 L530 215 Z" fill="#f0efe8"/>
    <rect x="476" y="130" width="50" height="22" fill="#b3262e"/><rect x="472" y="175" width="57" height="22" fill="#b3262e"/>
    <rect x="478" y="66" width="44" height="26" fill="#f6d36b"/><path d="M472 66 L500 44 L528 66 Z" fill="#303a3c"/>`,
  // The cliff path: grass edge, grey rock, sea below.
  'cliff.png': `
    <defs><linearGradient id="sea" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3f6b73"/><stop offset="1" stop-color="#1d3b44"/></linearGradient></defs>
    <rect width="${W}" height="${H}" fill="#9fb3b1"/>
    <rect y="160" width="${W}" height="200" fill="url(#sea)"/>
    <path d="M0 150 L380 170 L330 360 L0 360 Z" fill="#6d6f66"/>
    <path d="M0 140 L390 165 L385 185 L0 168 Z" fill="#6f8a4a"/>
    <path d="M40 160 Q200 175 360 172" stroke="#c9b98f" stroke-width="8" fill="none"/>`,
  // The lamp room at dusk: warm lamp, cold panes.
  'lamp-room.png': `
    <defs><radialGradient id="glow" cx="0.5" cy="0.45" r="0.5"><stop offset="0" stop-color="#fff1b8"/><stop offset="0.35" stop-color="#e9a53c"/><stop offset="1" stop-color="#1b2326"/></radialGradient></defs>
    <rect width="${W}" height="${H}" fill="url(#glow)"/>
    <rect x="60" y="40" width="120" height="220" fill="none" stroke="#2b3a40" stroke-width="10"/>
    <rect x="460" y="40" width="120" height="220" fill="none" stroke="#2b3a40" stroke-width="10"/>
    <ellipse cx="320" cy="170" rx="70" ry="90" fill="#fbe7a0" opacity="0.8"/>`,
};

/** Writes every reference image into `outDir`; returns the written paths. */
export async function makeLighthouseRefs(outDir: string): Promise<string[]> {
  await fs.mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, body] of Object.entries(IMAGES)) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${body}</svg>`;
    const file = path.join(outDir, name);
    // Palette PNG: flat shapes stay a few KB.
    await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toFile(file);
    written.push(file);
  }
  return written;
}

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const out = path.resolve(process.argv[2] ?? path.join(here, 'refs'));
  makeLighthouseRefs(out).then(
    (files) => console.log(`Wrote ${files.length} reference images to ${out}`),
    (error: unknown) => {
      console.error(`Could not draw the reference images: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
