export { ListlensError, type ListlensErrorKind } from './errors.js';
export { listlensUserAgent, listlensVersion } from './version.js';
export { isoDay, isoTime, largest, plural, trimTrailing } from './format.js';
export { mergeUidRanges, subtractUidRanges, uidBatches, uidCount, uidRangesOf, uidSetText, type UidRange } from './uid-ranges.js';
export { workerScript } from './worker-script.js';
