import { readFileSync } from 'node:fs';
import { findChairs } from '../analyse/index.js';
import { importPaths } from '../ingest/index.js';
import { extractMentions, type Taxonomy } from '../nlp/index.js';
import { openStore } from '../store/index.js';
import { ratio } from './score.js';

export interface ChairEvaluation {
  expected: string[];
  found: { address: string; why: string }[];
  precision: number;
  recall: number;
}

/**
 * Chair detection without being told: the archive is imported into a fresh in-memory store, and the
 * chairs found in the thread of the first labelled message are compared with the labels' `chairs`.
 */
export async function evaluateChairs(archiveDir: string, labelsFile: string): Promise<ChairEvaluation> {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as { chairs: string[]; messages: Record<string, unknown> };
  const store = openStore(':memory:');
  try {
    await importPaths(store, [archiveDir]);
    await store.rethread();
    const first = await store.message(Object.keys(labels.messages)[0]!);
    const messages = first ? await store.threadMessages(first.threadRoot) : [];
    const found = findChairs(messages).map((chair) => ({ address: chair.address, why: chair.why }));
    const right = found.filter((chair) => labels.chairs.includes(chair.address)).length;
    return { expected: labels.chairs, found, precision: ratio(right, found.length), recall: ratio(right, labels.chairs.length) };
  } finally {
    await store.close();
  }
}

export interface BareNameEvaluation {
  cases: { text: string; expected: string[]; found: string[]; right: boolean }[];
  /** Cases where exactly the expected technologies were found. */
  right: number;
}

/** Bare, ambiguous names (`Thread`, `Matter`, `SUIT` ...) in sentences written for them (`fixtures/eval/bare-names.json`). */
export function evaluateBareNames(taxonomy: Taxonomy, casesFile: string): BareNameEvaluation {
  const { cases } = JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: { text: string; expect: string[] }[] };
  const results = cases.map((c) => {
    const found = [...new Set(extractMentions(taxonomy, c.text, 'case').map((m) => m.technologyId))];
    const right = found.length === c.expect.length && c.expect.every((id) => found.includes(id));
    return { text: c.text, expected: c.expect, found, right };
  });
  return { cases: results, right: results.filter((r) => r.right).length };
}
