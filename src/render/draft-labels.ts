import { draftLabel } from '../draft/index.js';
import type { Draft } from '../draft/index.js';

/** Column labels for the drafts compared: `name-rev`, with the format added where two would read the same. */
export function draftColumnLabels(drafts: Draft[]): string[] {
  const labels = drafts.map((draft) => draftLabel(draft));
  return labels.map((label, i) => (labels.indexOf(label) !== labels.lastIndexOf(label) ? `${label} (${drafts[i]!.format})` : label));
}
