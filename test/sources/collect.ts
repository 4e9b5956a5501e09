import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { readSource } from '../../src/sources/index.js';
import type { RawMessage, ReadSourceOptions, SourceItem, SourceProblem } from '../../src/sources/index.js';

export async function collect(file: string, options?: ReadSourceOptions): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readSource(file, options)) items.push(item);
  return items;
}

export function messagesOf(items: SourceItem[]): RawMessage[] {
  return items.filter((item): item is RawMessage => item.kind === 'message');
}

export function problemsOf(items: SourceItem[]): SourceProblem[] {
  return items.filter((item): item is SourceProblem => item.kind === 'problem');
}

/** A temporary directory for files a test generates, removed after the test file. */
export function scratchDirectory(): { file(name: string, content: Buffer | string): Promise<string>; dir(): Promise<string> } {
  let created: Promise<string> | null = null;
  const dir = (): Promise<string> => (created ??= mkdtemp(path.join(os.tmpdir(), 'listlens-sources-')));
  afterAll(async () => {
    if (created) await rm(await created, { recursive: true, force: true });
  });
  return {
    dir,
    async file(name, content) {
      const target = path.join(await dir(), name);
      await writeFile(target, content);
      return target;
    },
  };
}

/** Deterministic pseudo-random bytes (mulberry32), so a "garbage" fixture is the same on every run. */
export function seededBytes(seed: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    bytes[index] = ((mixed ^ (mixed >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}
