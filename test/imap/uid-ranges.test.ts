import { describe, expect, it } from 'vitest';
import { mergeUidRanges, subtractUidRanges, uidBatches, uidCount, uidRangesOf, uidSetText } from '../../src/core/index.js';

const r = (first: number, last: number) => ({ first, last });

describe('UID ranges', () => {
  it('merges overlapping and adjacent ranges, in order', () => {
    expect(mergeUidRanges([r(10, 12), r(1, 3), r(4, 5), r(11, 20), r(30, 30)])).toEqual([r(1, 5), r(10, 20), r(30, 30)]);
  });

  it('subtracts what is already had', () => {
    expect(subtractUidRanges([r(1, 100)], [r(1, 10), r(20, 29), r(95, 200)])).toEqual([r(11, 19), r(30, 94)]);
    expect(subtractUidRanges([r(1, 5)], [r(1, 5)])).toEqual([]);
    expect(subtractUidRanges([r(1, 5)], [])).toEqual([r(1, 5)]);
  });

  it('turns a SEARCH answer into runs', () => {
    expect(uidRangesOf([7, 1, 2, 3, 9, 8])).toEqual([r(1, 3), r(7, 9)]);
  });

  it('cuts ranges into batches of at most n UIDs', () => {
    const batches = uidBatches([r(1, 250), r(300, 349)], 100);
    expect(batches).toEqual([[r(1, 100)], [r(101, 200)], [r(201, 250), r(300, 349)]]);
    expect(batches.map(uidCount)).toEqual([100, 100, 100]);
  });

  it('writes an IMAP sequence set', () => {
    expect(uidSetText([r(1, 25), r(30, 30), r(32, 40)])).toBe('1:25,30,32:40');
  });
});
