/** Writes docs/models.md from the shipped registry (`npm run docs:models`). */
import fs from 'node:fs';
import path from 'node:path';
import { modelsTable } from '../../shared/registry/models-table';
import { shippedRegistry } from '../../shared/registry/registry';

export const MODELS_DOC = path.resolve(import.meta.dirname, '../../docs/models.md');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const temp = `${MODELS_DOC}.tmp`;
  fs.writeFileSync(temp, modelsTable(shippedRegistry()));
  fs.renameSync(temp, MODELS_DOC);
  console.log(`wrote ${path.relative(process.cwd(), MODELS_DOC)}`);
}
