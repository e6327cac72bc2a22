// ESLint rule: no import cycles between the folders of main/.
//
// main/ is layered by folder (store below generation, generation below app, app below the
// hosts...). A cycle between two folders (generation imports export while export imports
// generation) means neither can be read, tested or replaced without the other, even when no
// single module imports itself back, which is all import-x's no-cycle would see. So the graph
// here is of folders: every relative import in main/**/*.ts, read from disk once per lint run,
// with the file being linted read from ESLint's own source (so an edit is judged as it is now).
// Files directly in main/ (errors.ts, preload.ts) are nodes of their own.
import fs from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The node of a file inside `mainDir`: its first folder, or the file itself when at the top. */
function nodeOf(mainDir, file) {
  const rel = path.relative(mainDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  // A folder, or a top-level file such as errors.ts: either way, the first segment.
  return rel.split(path.sep)[0];
}

/** Folder-to-folder edges of `source` (a file's text), each with the file that makes it. */
function edgesOf(mainDir, file, source) {
  const from = nodeOf(mainDir, file);
  const out = [];
  for (const m of source.matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
    const to = nodeOf(mainDir, target.endsWith('.ts') ? target : `${target}.ts`);
    if (to && from && to !== from) out.push({ to, via: path.relative(mainDir, file) });
  }
  return out;
}

function walk(dir, files = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files;
}

let cache = null;

/** Every file's edges, read once per process (the linted file is overlaid per call). */
function treeEdges(mainDir) {
  if (cache?.mainDir !== mainDir) {
    const byFile = new Map();
    for (const file of walk(mainDir)) byFile.set(file, edgesOf(mainDir, file, fs.readFileSync(file, 'utf8')));
    cache = { mainDir, byFile };
  }
  return cache.byFile;
}

/** A path of folders from `start` to `goal`, with the import that makes each step, or null. */
function findPath(graph, start, goal) {
  const seen = new Set([start]);
  const queue = [[start, []]];
  while (queue.length) {
    const [node, trail] = queue.shift();
    for (const edge of graph.get(node) ?? []) {
      if (seen.has(edge.to)) continue;
      const next = [...trail, edge];
      if (edge.to === goal) return next;
      seen.add(edge.to);
      queue.push([edge.to, next]);
    }
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between the folders of main/.' },
    schema: [],
    messages: {
      cycle: 'main/{{from}} imports main/{{to}}, but main/{{to}} already depends on main/{{from}} ({{trail}}): an import cycle between folders. Move the shared code down a layer, or pass it in from the composition root (main/app/compose.ts).',
    },
  },
  create(context) {
    const file = context.filename;
    const mainDir = path.join(context.cwd, 'main');
    const from = nodeOf(mainDir, file);
    if (!from) return {};
    return {
      'Program:exit'(program) {
        const mine = edgesOf(mainDir, file, context.sourceCode.text);
        const graph = new Map();
        for (const [other, edges] of treeEdges(mainDir)) {
          if (other === file) continue;
          const node = nodeOf(mainDir, other);
          graph.set(node, [...(graph.get(node) ?? []), ...edges]);
        }
        graph.set(from, [...(graph.get(from) ?? []), ...mine]);
        for (const edge of new Map(mine.map((e) => [e.to, e])).values()) {
          const back = findPath(graph, edge.to, from);
          if (!back) continue;
          const trail = back.map((e) => `${e.via} -> ${e.to}`).join(', ');
          context.report({ node: program, messageId: 'cycle', data: { from, to: edge.to, trail } });
        }
      },
    };
  },
};
