import { ListlensError } from '../core/index.js';
import { createLock, lockState, releaseLock, removeStaleLock } from '../store/index.js';

/** Another run holds the lock (or its lock file cannot be made sense of); worded for the user. */
export class ReportLockError extends ListlensError {
  override name = 'ReportLockError';

  constructor(message: string, options?: ErrorOptions) {
    super('locked', message, options);
  }
}

/** The lock sits beside the store: runs that share a store (and so its fetches) never overlap. */
export function reportLockFile(storeFile: string): string {
  return `${storeFile}.report.lock`;
}

export interface ReportLock {
  readonly file: string;
  /** Removes the lock file if it is still this process's; safe to call twice. */
  release(): void;
}

/**
 * Takes the lock that keeps two `listlens report` runs from overlapping: a file created with O_EXCL
 * naming this process (pid, host, boot, start time: see store/owner-lock.ts). A lock whose owner no
 * longer runs (a run killed part-way, even one that had this same pid, as every run in a container
 * has) is taken over, with a warning; one whose owner runs is refused.
 */
export function acquireReportLock(file: string, options: { onWarning?: (message: string) => void } = {}): ReportLock {
  if (createLock(file)) return held(file);
  const state = lockState(file);
  if (state.kind === 'free' && createLock(file)) return held(file);
  if (state.kind === 'free' || state.kind === 'garbled') {
    throw new ReportLockError(`${file} names no process: if no listlens report is running, delete it`);
  }
  if (state.kind === 'held') throw new ReportLockError(`another listlens report (${state.why}) is running: ${file} is locked`);
  options.onWarning?.(`taking over ${file}: ${state.why}`);
  // Remove only the stale lock just read: a run that took it over a moment ago keeps its own.
  removeStaleLock(file, state.owner);
  if (createLock(file)) return held(file);
  throw new ReportLockError(`another listlens report took ${file} over first`);
}

function held(file: string): ReportLock {
  return { file, release: () => releaseLock(file) };
}
