/**
 * Sets of IMAP UIDs as sorted, disjoint, non-adjacent ranges: a folder of a million messages synced
 * whole is one range, so what a sync remembers stays small.
 */

/** UIDs `first` to `last`, both included. */
export interface UidRange {
  first: number;
  last: number;
}

/** The union of `ranges`, sorted and merged (adjacent ranges joined). */
export function mergeUidRanges(ranges: readonly UidRange[]): UidRange[] {
  const sorted = ranges.filter((range) => range.first <= range.last).sort((a, b) => a.first - b.first);
  const merged: UidRange[] = [];
  for (const range of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && range.first <= previous.last + 1) previous.last = Math.max(previous.last, range.last);
    else merged.push({ ...range });
  }
  return merged;
}

/** The UIDs of `ranges` that are not in `taken`. */
export function subtractUidRanges(ranges: readonly UidRange[], taken: readonly UidRange[]): UidRange[] {
  const removed = mergeUidRanges(taken);
  const left: UidRange[] = [];
  for (const range of mergeUidRanges(ranges)) {
    let first = range.first;
    for (const cut of removed) {
      if (cut.last < first || cut.first > range.last) continue;
      if (cut.first > first) left.push({ first, last: cut.first - 1 });
      first = cut.last + 1;
    }
    if (first <= range.last) left.push({ first, last: range.last });
  }
  return left;
}

/** Single UIDs (a SEARCH answer) as ranges. */
export function uidRangesOf(uids: Iterable<number>): UidRange[] {
  return mergeUidRanges([...uids].map((uid) => ({ first: uid, last: uid })));
}

export function uidCount(ranges: readonly UidRange[]): number {
  return ranges.reduce((count, range) => count + range.last - range.first + 1, 0);
}

/** `ranges` cut into consecutive pieces of at most `size` UIDs each. */
export function uidBatches(ranges: readonly UidRange[], size: number): UidRange[][] {
  const batches: UidRange[][] = [];
  let batch: UidRange[] = [];
  let room = size;
  for (const range of mergeUidRanges(ranges)) {
    for (let first = range.first; first <= range.last; ) {
      const last = Math.min(range.last, first + room - 1);
      batch.push({ first, last });
      room -= last - first + 1;
      first = last + 1;
      if (room === 0) {
        batches.push(batch);
        [batch, room] = [[], size];
      }
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The IMAP sequence-set of `ranges`: `1:25,30,32:40`. */
export function uidSetText(ranges: readonly UidRange[]): string {
  return ranges.map((range) => (range.first === range.last ? `${range.first}` : `${range.first}:${range.last}`)).join(',');
}
