/**
 * Builds the renderer into out/renderer. `base: './'` makes every asset URL relative, so the same
 * build works from file:// inside Electron and from / on the dev host.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// import.meta.dirname (not node:path) keeps this file free of Node imports, as renderer/ lint requires.
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../out/renderer`,
    emptyOutDir: true,
    sourcemap: false,
    // Electron 45 and Chromium 156: no legacy transforms needed.
    target: 'es2023',
  },
});
