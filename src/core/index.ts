export { listlensUserAgent, listlensVersion } from './version.js';
export { isoDay, isoTime, plural } from './format.js';
