/**
 * The bundled `shotline` (out/cli/shotline.mjs, the package's `bin`), which the tests that spawn
 * the CLI run, as `npx shotline` does. This file is also the node project's globalSetup
 * (test/vitest.config.ts): it bundles the current sources once per run (under a second), so
 * those tests never run a stale bundle and start in ~0.1 s instead of 1-3 s under tsx.
 */
import { bundleCli, CLI_BUNDLE } from '../../main/build/bundle-cli';

export const cliBundle = CLI_BUNDLE;

export default async function setup(): Promise<void> {
  await bundleCli();
}
