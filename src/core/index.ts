export { ListlensError, type ListlensErrorKind } from './errors.js';
export { listlensUserAgent, listlensVersion } from './version.js';
export { isoDay, isoTime, plural } from './format.js';
