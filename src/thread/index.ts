export { inferParents, namesParent, type Orphan, type ParentCandidate } from './infer.js';
export { compareMessages, threadMessages } from './jwz.js';
export { flattenThread, subThreadStarts, threadRoot } from './walk.js';
export type { ThreadInput, ThreadLine, ThreadNode, ThreadOptions } from './types.js';
