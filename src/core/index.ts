export { listlensUserAgent, listlensVersion } from './version.js';
export { mergeUidRanges, subtractUidRanges, uidBatches, uidCount, uidRangesOf, uidSetText, type UidRange } from './uid-ranges.js';
