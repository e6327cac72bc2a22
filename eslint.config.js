// Lint, and above all the layering: renderer -> shared <- main, and shared/ stays pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import noFolderCycle from './eslint-rules/no-folder-cycle.js';

// Bare built-in names are matched exactly (as `paths`), so a local './events' is not mistaken for Node's.
const nodePaths = (message) => builtinModules.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tsbuild/', 'test-artifacts/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('shared/ is pure: no Node built-ins.'),
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'shared/ must not import Electron.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'], message: 'shared/ must not import React or UI state.' },
            { group: ['**/main/**', '../main', '../../main', '**/renderer/**'], message: 'shared/ must not import main/ or renderer/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('renderer/ runs in a browser: no Node built-ins.'),
          patterns: [
            { group: ['**/main/**', '../main', '../../main'], message: 'renderer/ talks to main only through the contract client.' },
            { group: ['node:*'], message: 'renderer/ runs in a browser: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'renderer/ must not import Electron; use the contract client.' },
          ],
        },
      ],
    },
  },
  {
    // The folders of main/ form layers: an import cycle between two of them is an error.
    files: ['main/**/*.ts'],
    plugins: { shotline: { rules: { 'no-folder-cycle': noFolderCycle } } },
    rules: { 'shotline/no-folder-cycle': 'error' },
  },
  {
    // Only the preload and the Electron shell may import electron.
    files: ['main/**/*.ts'],
    ignores: ['main/preload.ts', 'main/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only main/preload.ts and main/shell/ import electron; keep services runnable in plain Node.' },
            { group: ['**/renderer/**', '../renderer', '../../renderer'], message: 'main/ must not import renderer/.' },
          ],
        },
      ],
    },
  },
);
