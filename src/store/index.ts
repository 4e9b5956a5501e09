import { SqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export { storePath } from './location.js';
export { encodeRaw, type EncodedRaw } from './raw-encoding.js';
export { schemaVersion } from './schema.js';
export type * from './types.js';
export { SqliteStore };

export function openStore(file: string): Store {
  return new SqliteStore(file);
}
export { RefError, resolveRef, resolveThreadRoot } from './resolve-ref.js';
