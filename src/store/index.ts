import { type OpenStoreOptions, SqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export { storePath } from './location.js';
export { encodeRaw, type EncodedRaw } from './raw-encoding.js';
export { schemaVersion } from './schema.js';
export type * from './types.js';
export { SqliteStore };

export type { OpenStoreOptions };

export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  return new SqliteStore(file, options);
}
export { RefError, resolveRef, resolveThreadRoot } from './resolve-ref.js';
export { createLock, currentOwner, foreignLockStaleAfterMs, lockState, type LockOwner, type LockState, releaseLock, removeStaleLock } from './owner-lock.js';
export { acquireWriterLock, defaultWriterWaitMs, type WriterLock, writerLockFile, type WriterLockOptions } from './writer-lock.js';
