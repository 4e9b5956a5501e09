import { ListlensError } from '../core/index.js';
import { createLock, lockState, releaseLock, removeStaleLock } from './owner-lock.js';

/** Beside the store: one import or fetch writes a store at a time. */
export function writerLockFile(storeFile: string): string {
  return `${storeFile}.write.lock`;
}

/** How long a second writer waits for the first by default: an import of a large archive takes minutes. */
export const defaultWriterWaitMs = 30 * 60 * 1000;

export interface WriterLockOptions {
  /** Give up (a `locked` error) after this long; default `defaultWriterWaitMs`. */
  waitMs?: number;
  /** Told once, when another writer holds the store and this one starts waiting. */
  onWait?: (message: string) => void;
  /** Told when a lock left by a writer that no longer runs is taken over. */
  onWarning?: (message: string) => void;
}

export interface WriterLock {
  release(): void;
}

const pollMs = 200;

/**
 * Takes the store's writer lock, waiting while another live writer holds it. SQLite would let two
 * writers interleave their transactions safely, but two imports at once only slow each other and
 * leave the user unsure which did what: the second says so and waits for the first.
 */
export async function acquireWriterLock(storeFile: string, options: WriterLockOptions = {}): Promise<WriterLock> {
  const file = writerLockFile(storeFile);
  const deadline = Date.now() + (options.waitMs ?? defaultWriterWaitMs);
  let told = false;
  for (;;) {
    if (createLock(file)) return { release: () => releaseLock(file) };
    const state = lockState(file);
    if (state.kind === 'stale') {
      options.onWarning?.(`taking over ${file}: ${state.why}`);
      removeStaleLock(file, state.owner);
      continue;
    }
    if (state.kind === 'free') continue;
    const who = state.kind === 'held' ? state.why : 'a lock file that names no process';
    if (Date.now() >= deadline) {
      throw new ListlensError(
        'locked',
        `another import or fetch (${who}) is still writing ${storeFile}; gave up waiting (if none is running, delete ${file})`,
      );
    }
    if (!told) options.onWait?.(`another import is running; waiting (${who} is writing ${storeFile})`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
