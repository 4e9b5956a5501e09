import type { ClaimKind } from '../nlp/index.js';

/** What the chair should do about a technology, from respondents' claims and the judged draft. */
export type ClaimVerdict = 'to-add' | 'to-update' | 'to-drop' | 'contested' | 'covered' | 'mentioned';

/** The order the answer gives them in: the chair's to-do list first, passing mentions last. */
export const verdicts: readonly ClaimVerdict[] = ['to-add', 'to-update', 'to-drop', 'contested', 'covered', 'mentioned'];

export function verdictOrder(verdict: ClaimVerdict): number {
  return verdicts.indexOf(verdict);
}

/**
 * Asked to drop by some and to add, update or keep by others: contested. Asked to drop only: to-drop.
 * Said to be outdated or thin: to-update. Asked for and not covered: to-add. Otherwise covered when the
 * draft covers it, else only mentioned.
 */
export function verdictOf(claims: readonly { kind: ClaimKind; respondent: { address: string } }[], covered: boolean): ClaimVerdict {
  const who = (kinds: ClaimKind[]) => new Set(claims.filter((c) => kinds.includes(c.kind)).map((c) => c.respondent.address));
  const droppers = who(['drop']);
  const others = who(['add', 'update', 'keep']);
  if (droppers.size && [...others].some((address) => !droppers.has(address))) return 'contested';
  if (droppers.size) return 'to-drop';
  if (who(['update']).size) return 'to-update';
  if (who(['add']).size) return covered ? 'covered' : 'to-add';
  return covered ? 'covered' : 'mentioned';
}

const kindOfVerdict: Partial<Record<ClaimVerdict, ClaimKind>> = { 'to-add': 'add', 'to-update': 'update', 'to-drop': 'drop', contested: 'drop' };

/** The claim a row quotes: one of the kind its verdict rests on, else the first request, else the first claim. */
export function quotedClaim<T extends { kind: ClaimKind }>(claims: readonly T[], verdict: ClaimVerdict): T {
  const kind = kindOfVerdict[verdict];
  return claims.find((c) => c.kind === kind) ?? claims.find((c) => c.kind !== 'mention') ?? claims[0]!;
}
