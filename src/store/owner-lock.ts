import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Who holds a lock file. A pid alone does not name a process: in a container every run is pid 1, and
 * after a reboot pids are handed out again. The host, the boot and the process's start time (clock
 * ticks after boot, from /proc/<pid>/stat) together do; on a system without /proc they are null and
 * the pid is all there is.
 */
export interface LockOwner {
  pid: number;
  host: string;
  bootId: string | null;
  startTime: number | null;
  /** When the lock was taken (ISO 8601). */
  since: string;
}

/** A lock taken on another host is only its owner's to judge; past this age it is taken for abandoned. */
export const foreignLockStaleAfterMs = 24 * 60 * 60 * 1000;

/** Lock files this process holds now: a lock naming this pid that is not among them was a former process's. */
const heldHere = new Set<string>();

export type LockState =
  | { kind: 'free' }
  | { kind: 'held'; owner: LockOwner; why: string }
  | { kind: 'stale'; owner: LockOwner; why: string }
  | { kind: 'garbled' };

export function currentOwner(): LockOwner {
  return { pid: process.pid, host: os.hostname(), bootId: bootId(), startTime: startTime(process.pid), since: new Date().toISOString() };
}

/** Creates `file` holding this process as its owner, unless it exists. True when this call made it. */
export function createLock(file: string): boolean {
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
    writeSync(fd, `${JSON.stringify(currentOwner())}\n`);
    written = true;
  } finally {
    closeSync(fd);
    if (!written) removeIfPresent(file);
  }
  heldHere.add(path.resolve(file));
  return true;
}

/** Removes `file` if this process still holds it; safe to call twice. */
export function releaseLock(file: string): void {
  const state = lockState(file);
  if ((state.kind === 'held' || state.kind === 'stale') && isThisProcess(state.owner) && heldHere.has(path.resolve(file))) {
    removeIfPresent(file);
  }
  heldHere.delete(path.resolve(file));
}

/**
 * Whether `file` is held, and by whom. The rule: on this host and boot, the lock is held while a
 * process with its pid runs and started when the lock's owner did (and, for this very pid, while this
 * process took it); from an earlier boot it is stale; from another host it is held, unless older than
 * `foreignLockStaleAfterMs`, since whether its owner runs cannot be known from here.
 */
export function lockState(file: string, now: Date = new Date()): LockState {
  const owner = readOwner(file);
  if (owner === 'absent') return { kind: 'free' };
  if (owner === 'garbled') return { kind: 'garbled' };
  const here = currentOwner();
  if (owner.host && owner.host !== here.host) {
    const age = now.getTime() - Date.parse(owner.since);
    return age > foreignLockStaleAfterMs
      ? { kind: 'stale', owner, why: `it was taken on host ${owner.host} more than a day ago` }
      : { kind: 'held', owner, why: `pid ${owner.pid} on host ${owner.host}` };
  }
  if (owner.bootId && here.bootId && owner.bootId !== here.bootId) {
    return { kind: 'stale', owner, why: `pid ${owner.pid}, which held it, ran before the system restarted` };
  }
  if (owner.pid === process.pid) {
    return heldHere.has(path.resolve(file)) && (owner.startTime === null || owner.startTime === here.startTime)
      ? { kind: 'held', owner, why: `pid ${owner.pid}` }
      : { kind: 'stale', owner, why: `pid ${owner.pid}, which held it, was an earlier process with this pid` };
  }
  if (!isRunning(owner.pid) || isZombie(owner.pid)) return { kind: 'stale', owner, why: `pid ${owner.pid}, which held it, is not running` };
  const started = startTime(owner.pid);
  if (owner.startTime !== null && started !== null && started !== owner.startTime) {
    return { kind: 'stale', owner, why: `pid ${owner.pid}, which held it, is not running (another process has its pid now)` };
  }
  return { kind: 'held', owner, why: `pid ${owner.pid}` };
}

/** Removes a stale lock, unless another process has replaced it since it was read. */
export function removeStaleLock(file: string, stale: LockOwner): void {
  const now = readOwner(file);
  if (typeof now === 'object' && JSON.stringify(now) === JSON.stringify(stale)) removeIfPresent(file);
}

function isThisProcess(owner: LockOwner): boolean {
  const here = currentOwner();
  return owner.pid === here.pid && owner.host === here.host && (owner.startTime === null || owner.startTime === here.startTime);
}

/** The owner a lock file names; a file of a bare pid (as written before owners were recorded) names only that. */
function readOwner(file: string): LockOwner | 'absent' | 'garbled' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (/^\d+\s*$/.test(text)) return { pid: Number(text), host: '', bootId: null, startTime: null, since: '' };
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return 'garbled';
    return {
      pid: parsed.pid,
      host: typeof parsed.host === 'string' ? parsed.host : '',
      bootId: typeof parsed.bootId === 'string' ? parsed.bootId : null,
      startTime: typeof parsed.startTime === 'number' ? parsed.startTime : null,
      since: typeof parsed.since === 'string' ? parsed.since : '',
    };
  } catch {
    return 'garbled';
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Fields 3 on of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so count from its end. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Field 22: clock ticks after boot when the process started. */
function startTime(pid: number): number | null {
  const value = Number(statFields(pid)?.[19]);
  return Number.isFinite(value) ? value : null;
}

/** A killed process its parent has not reaped yet still answers signal 0, but has ended. */
function isZombie(pid: number): boolean {
  return statFields(pid)?.[0] === 'Z';
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
