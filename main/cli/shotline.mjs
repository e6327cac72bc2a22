#!/usr/bin/env node
// `shotline` command-line entry: registers tsx so the TypeScript sources run as they are in the
// checkout (no build step), then hands the arguments to main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2));
