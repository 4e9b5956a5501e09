import type { SourceItem } from './types.js';

/** Cuts one container's byte stream into messages; each call returns the items completed by it. */
export interface Splitter {
  push(chunk: Buffer): SourceItem[];
  end(): SourceItem[];
}
