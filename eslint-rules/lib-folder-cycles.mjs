// House rule: no import cycles between the folders of lib/ (lib/auth → lib/audit →
// lib/auth, say). A cycle means neither folder can be understood, tested or moved
// without the other. ESLint sees one file at a time, so the rule reads the folder
// graph from the tree once per run (every import of a lib/<folder>/ module, tests
// left out) and refuses an import whose target folder already depends, directly or
// through others, on the importing file's folder.
import fs from "node:fs";
import path from "node:path";

const SOURCE = /\.(ts|tsx|mjs)$/;
const TEST = /\.test\.tsx?$/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

/** The lib/ folder a file belongs to ("audit" for lib/audit/search/query.ts), or null. */
export function folderOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] !== "lib" || parts.length < 3 || parts[1] === "generated") return null;
  return parts[1];
}

/** The lib/ folder an import specifier names, seen from `file`, or null. */
export function targetFolder(root, file, specifier) {
  if (specifier.startsWith("@/")) return folderOf(root, path.join(root, specifier.slice(2), "x"));
  if (specifier.startsWith(".")) return folderOf(root, path.join(path.dirname(file), specifier, "x"));
  return null;
}

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated" && entry.name !== "node_modules") yield* sourceFiles(full);
    } else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) {
      yield full;
    }
  }
}

/** folder -> the folders its non-test modules import, with one importing file per edge. */
export function folderGraph(root) {
  const graph = new Map();
  for (const file of sourceFiles(path.join(root, "lib"))) {
    const from = folderOf(root, file);
    if (!from) continue;
    const edges = graph.get(from) ?? new Map();
    graph.set(from, edges);
    for (const [, specifier] of fs.readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      const to = targetFolder(root, file, specifier);
      if (to && to !== from && !edges.has(to)) edges.set(to, path.relative(root, file));
    }
  }
  return graph;
}

/** A path of folders from `from` to `to` in the graph ([from, …, to]), or null. */
export function folderPath(graph, from, to) {
  const seen = new Set([from]);
  const queue = [[from]];
  while (queue.length > 0) {
    const trail = queue.shift();
    for (const next of graph.get(trail.at(-1))?.keys() ?? []) {
      if (next === to) return [...trail, next];
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...trail, next]);
      }
    }
  }
  return null;
}

const graphs = new Map();

export const libFolderCycles = {
  meta: {
    type: "problem",
    docs: { description: "Forbid import cycles between lib/ folders" },
    schema: [],
    messages: {
      cycle: "lib/{{from}} imports lib/{{to}}, but lib/{{to}} already depends on lib/{{from}} ({{trail}}, first in {{file}}): a cycle between lib/ folders. Move the shared piece down into its own module or folder.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = folderOf(root, file);
    if (!from || TEST.test(file)) return {};
    if (!graphs.has(root)) graphs.set(root, folderGraph(root));
    const graph = graphs.get(root);
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== "string") return;
      const to = targetFolder(root, file, specifier);
      if (!to || to === from) return;
      const back = folderPath(graph, to, from);
      if (!back) return;
      const first = graph.get(back[0])?.get(back[1]) ?? "?";
      context.report({ node: node.source, messageId: "cycle", data: { from, to, trail: back.map((f) => `lib/${f}`).join(" → "), file: first } });
    };
    return { ImportDeclaration: check, ImportExpression: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

const plugin = { rules: { "lib-folder-cycles": libFolderCycles } };
export default plugin;
