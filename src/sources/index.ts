export { readSource } from './read-source.js';
export { expandSourcePaths } from './expand-paths.js';
export { defaultMaxMessageBytes } from './message-accumulator.js';
export type {
  Envelope,
  Origin,
  RawMessage,
  ReadSourceOptions,
  SourceFormat,
  SourceItem,
  SourceProblem,
} from './types.js';
