export { threadMessages } from './jwz.js';
export { flattenThread, threadRoot } from './walk.js';
export type { ThreadInput, ThreadLine, ThreadNode, ThreadOptions } from './types.js';
