import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderOf, importGraph, layeringViolations, layers } from './import-graph.js';

const srcDir = path.resolve(import.meta.dirname, '../../src');
const graph = importGraph(srcDir);

describe('the layering of src/', () => {
  it('reads the imports of every folder', () => {
    const folders = new Set(graph.map((edge) => folderOf(edge.from)));
    for (const folder of layers.flat().filter((name) => name !== '.' && name !== 'core')) expect(folders).toContain(folder);
    expect(graph.length).toBeGreaterThan(300);
  });

  it('has no import up a layer, past a folder index.ts, or in a cycle between folders', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('fails on an import up a layer', () => {
    const upward = [...graph, { from: 'mail/decode.ts', to: 'render/index.ts' }];
    expect(layeringViolations(upward)).toContain('mail/decode.ts imports render/index.ts, a layer above it');
  });

  it('fails on an import past another folder index.ts', () => {
    const bypass = [...graph, { from: 'ingest/import.ts', to: 'mail/own-text-lines.ts' }];
    expect(layeringViolations(bypass)).toContain('ingest/import.ts imports mail/own-text-lines.ts: only mail/index.ts is a way in');
  });

  it('fails when the CLI reaches past the library', () => {
    const bypass = [...graph, { from: 'cli/commands/import.ts', to: 'ingest/index.ts' }];
    expect(layeringViolations(bypass)).toContain('cli/commands/import.ts imports ingest/index.ts: the CLI imports only the library, src/index.ts (and the MCP server, mcp/index.ts)');
  });

  it('fails when the MCP server reaches past the library, or the CLI past its index.ts', () => {
    const bypass = [...graph, { from: 'mcp/tools.ts', to: 'store/index.ts' }, { from: 'cli/commands/mcp.ts', to: 'mcp/tools.ts' }];
    expect(layeringViolations(bypass)).toEqual([
      'mcp/tools.ts imports store/index.ts: the MCP server imports only the library, src/index.ts',
      'cli/commands/mcp.ts imports mcp/tools.ts: the CLI imports only the library, src/index.ts (and the MCP server, mcp/index.ts)',
    ]);
  });

  it('fails on a cycle between folders of one layer', () => {
    const cycle = [...graph, { from: 'mail/decode.ts', to: 'thread/index.ts' }, { from: 'thread/jwz.ts', to: 'mail/index.ts' }];
    expect(layeringViolations(cycle).some((line) => /folders import each other: .*mail.*thread|thread.*mail/.test(line))).toBe(true);
  });

  it('names a folder that is in no layer', () => {
    expect(() => layeringViolations([{ from: 'widgets/a.ts', to: 'mail/index.ts' }])).toThrow(/src\/widgets is in no layer/);
  });
});
