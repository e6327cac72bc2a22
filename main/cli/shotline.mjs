#!/usr/bin/env node
// Not the `bin` any more (that is the bundle, out/cli/shotline.mjs). Kept because npx caches
// made before the CLI was bundled still link `shotline` to this path; it runs the bundle.
import '../../out/cli/shotline.mjs';
