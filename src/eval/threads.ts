import { readFileSync } from 'node:fs';
import { importPaths } from '../ingest/index.js';
import { openStore } from '../store/index.js';
import { ratio } from './score.js';

interface ThreadLabel {
  thread: string;
  noArchive: boolean;
}

export interface ThreadMembership {
  thread: string;
  expected: number;
  found: number;
  /** Found in the thread and labelled so. */
  correct: number;
  precision: number;
  recall: number;
}

/**
 * Thread membership against the labels: the archive is imported into a fresh in-memory store, and each
 * labelled thread is compared with the computed thread that holds its earliest labelled message.
 */
export async function evaluateThreads(archiveDir: string, labelsFile: string): Promise<ThreadMembership[]> {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, ThreadLabel>;
  const store = openStore(':memory:');
  try {
    await importPaths(store, [archiveDir]);
    await store.rethread();
    const names = [...new Set(Object.values(labels).map((label) => label.thread))].sort();
    const memberships: ThreadMembership[] = [];
    for (const name of names) {
      const expected = Object.entries(labels)
        .filter(([, label]) => label.thread === name && !label.noArchive)
        .map(([id]) => id);
      const stored = await Promise.all(expected.map((id) => store.message(id)));
      const first = stored.filter((m) => m !== null).sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0))[0];
      const found = first ? (await store.threadMessages(first.threadRoot)).map((m) => m.messageId) : [];
      const correct = found.filter((id) => expected.includes(id)).length;
      memberships.push({
        thread: name,
        expected: expected.length,
        found: found.length,
        correct,
        precision: ratio(correct, found.length),
        recall: ratio(correct, expected.length),
      });
    }
    return memberships;
  } finally {
    await store.close();
  }
}
