#!/usr/bin/env node
// The `shotline` command's entry. `npm run build:cli` (also run by `npm ci` through `prepare`)
// bundles it to out/cli/shotline.mjs, the package's `bin`; from the sources, run it with
// `npx tsx main/cli/shotline.ts`.
import { runCli } from './main';

process.exitCode = await runCli(process.argv.slice(2));
