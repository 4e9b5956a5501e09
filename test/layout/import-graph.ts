import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One relative import of a file in `src/`, both ends relative to `src/` (`mail/decode.ts`). */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The folders of `src/`, bottom layer first: a folder may import from its own layer and those below it. */
export const layers: readonly (readonly string[])[] = [
  ['core'],
  ['mail', 'thread', 'nlp', 'draft'],
  ['sources', 'store', 'output'],
  ['ingest', 'analyse', 'eval'],
  ['render'],
  ['schedule'],
  ['.'], // src/index.ts: the library
  ['cli', 'mcp'], // the front ends: the command line, and the MCP server `listlens mcp` starts
];

/** The front ends reach listlens only through the library (the CLI also reaches the MCP server it starts). */
const frontEnds: Record<string, readonly string[]> = { cli: ['index.ts', 'mcp/index.ts'], mcp: ['index.ts'] };

const importPattern = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The relative imports (and re-exports) of every `.ts` file under `srcDir`. */
export function importGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const specifier = (match[1] ?? match[2])!;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(dir, relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** `mail/decode.ts` → `mail`; `index.ts` → `.` */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

function layerOf(folder: string): number {
  const layer = layers.findIndex((names) => names.includes(folder));
  if (layer < 0) throw new Error(`src/${folder} is in no layer: add it to the layers in test/layout/import-graph.ts`);
  return layer;
}

/** Each import that breaks the layering, as a line naming the file, the import and the rule. */
export function layeringViolations(edges: readonly ImportEdge[]): string[] {
  return [...upwardImports(edges), ...importsPastIndex(edges), ...folderCycles(edges)];
}

function upwardImports(edges: readonly ImportEdge[]): string[] {
  return edges
    .filter(({ from, to }) => layerOf(folderOf(to)) > layerOf(folderOf(from)))
    .map(({ from, to }) => `${from} imports ${to}, a layer above it`);
}

/** From another folder, only a folder's `index.ts` may be imported; the front ends reach the rest through the library. */
function importsPastIndex(edges: readonly ImportEdge[]): string[] {
  return edges
    .filter(({ from, to }) => folderOf(from) !== folderOf(to))
    .filter(({ from, to }) => {
      const allowed = frontEnds[folderOf(from)];
      return allowed ? !allowed.includes(to) : to !== `${folderOf(to)}/index.ts` && to !== 'index.ts';
    })
    .map(({ from, to }) => `${from} imports ${to}: ${frontEndRule(folderOf(from)) ?? `only ${folderOf(to)}/index.ts is a way in`}`);
}

function frontEndRule(folder: string): string | null {
  if (folder === 'cli') return 'the CLI imports only the library, src/index.ts (and the MCP server, mcp/index.ts)';
  if (folder === 'mcp') return 'the MCP server imports only the library, src/index.ts';
  return null;
}

/** Cycles between folders: a folder that imports another of its own layer must not be imported back by it. */
function folderCycles(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (folder: string, trail: string[]): void => {
    if (state.get(folder) === 'done') return;
    if (state.get(folder) === 'open') {
      cycles.push(`folders import each other: ${[...trail.slice(trail.indexOf(folder)), folder].join(' → ')}`);
      return;
    }
    state.set(folder, 'open');
    for (const target of next.get(folder) ?? []) visit(target, [...trail, folder]);
    state.set(folder, 'done');
  };
  for (const folder of [...next.keys()].sort()) visit(folder, []);
  return cycles;
}
