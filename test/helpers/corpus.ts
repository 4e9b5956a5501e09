import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared corpus of real IETF mail and drafts, beside the checkout; absent on a user's clone. */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');

export const hasCorpus = existsSync(corpusDir);

export function corpusPath(relative: string): string {
  return path.join(corpusDir, relative);
}

export function fixturePath(relative: string): string {
  return path.join(repoRoot, 'fixtures', relative);
}

if (!hasCorpus) {
  console.warn(`shared corpus not found at ${corpusDir}: tests that read real IETF mail are skipped`);
}
