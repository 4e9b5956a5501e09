import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ListlensError } from '../core/index.js';

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
 * holding this process's pid. A lock whose pid is no longer running (a run killed part-way) is taken
 * over, with a warning; one whose pid runs is refused.
 */
export function acquireReportLock(file: string, options: { onWarning?: (message: string) => void } = {}): ReportLock {
  if (create(file)) return held(file);
  const holder = holderOf(file);
  if (holder === 'absent' && create(file)) return held(file);
  if (holder === 'absent' || holder === 'garbled') {
    throw new ReportLockError(`${file} names no process: if no listlens report is running, delete it`);
  }
  if (isRunning(holder)) throw new ReportLockError(`another listlens report (pid ${holder}) is running: ${file} is locked`);
  options.onWarning?.(`taking over ${file}: pid ${holder}, which held it, is not running`);
  // Remove only the stale lock just read: a run that took it over a moment ago keeps its own.
  if (holderOf(file) === holder) removeIfPresent(file);
  if (create(file)) return held(file);
  throw new ReportLockError(`another listlens report took ${file} over first`);
}

function create(file: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  let written = false;
  try {
    writeSync(fd, `${process.pid}\n`);
    written = true;
  } finally {
    closeSync(fd);
    if (!written) removeIfPresent(file);
  }
  return true;
}

function held(file: string): ReportLock {
  return {
    file,
    release: () => {
      if (holderOf(file) === process.pid) removeIfPresent(file);
    },
  };
}

function holderOf(file: string): number | 'absent' | 'garbled' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  return /^\d+\s*$/.test(text) ? Number(text) : 'garbled';
}

/** Signal 0 tests for a process without touching it; EPERM means it runs, as another user. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
