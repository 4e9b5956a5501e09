export { listlensUserAgent, listlensVersion } from './version.js';
