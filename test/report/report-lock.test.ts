import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireReportLock, ReportLockError, reportLockFile } from '../../src/schedule/lock.js';
import { deadPid } from './workspace.js';

/** The owner fields a lock taken by this test process records. */
function thisRun() {
  const stat = existsSync(`/proc/${process.pid}/stat`) ? readFileSync(`/proc/${process.pid}/stat`, 'utf8') : null;
  const bootFile = '/proc/sys/kernel/random/boot_id';
  return {
    pid: process.pid,
    host: os.hostname(),
    bootId: existsSync(bootFile) ? readFileSync(bootFile, 'utf8').trim() : null,
    startTime: stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) : null,
  };
}

function ownerIn(lockFile: string): unknown {
  const { since, ...owner } = JSON.parse(readFileSync(lockFile, 'utf8')) as { since: string };
  expect(Number.isNaN(Date.parse(since))).toBe(false);
  return owner;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-lock-'));
  file = reportLockFile(path.join(dir, 'archive.sqlite'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the report lock', () => {
  it('sits beside the store and names the run: pid, host, boot and start time', () => {
    expect(file).toBe(path.join(dir, 'archive.sqlite.report.lock'));
    const lock = acquireReportLock(file);
    expect(ownerIn(file)).toEqual(thisRun());
    lock.release();
    expect(existsSync(file)).toBe(false);
    lock.release();
  });

  it('refuses a second run while the first holds it, and is free again once released', () => {
    const first = acquireReportLock(file);
    expect(() => acquireReportLock(file)).toThrow(new ReportLockError(`another listlens report (pid ${process.pid}) is running: ${file} is locked`));
    expect(ownerIn(file)).toEqual(thisRun());
    first.release();
    acquireReportLock(file).release();
  });

  it('takes over a lock whose pid is not running, and says so', () => {
    const stale = deadPid();
    writeFileSync(file, `${stale}\n`);
    const warnings: string[] = [];
    const lock = acquireReportLock(file, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([`taking over ${file}: pid ${stale}, which held it, is not running`]);
    expect(ownerIn(file)).toEqual(thisRun());
    lock.release();
  });

  // In a container every run is pid 1: a killed run's lock names the pid the next run has.
  it('takes over a lock left by a killed run that had this same pid (an old bare-pid lock)', () => {
    writeFileSync(file, `${process.pid}\n`);
    const warnings: string[] = [];
    const lock = acquireReportLock(file, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([`taking over ${file}: pid ${process.pid}, which held it, was an earlier process with this pid`]);
    expect(ownerIn(file)).toEqual(thisRun());
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock left by a killed run with this pid, host and boot but another start time', () => {
    writeFileSync(file, JSON.stringify({ ...thisRun(), startTime: 17, since: '2026-01-01T00:00:00.000Z' }));
    const warnings: string[] = [];
    acquireReportLock(file, { onWarning: (message) => warnings.push(message) }).release();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`pid ${process.pid}, which held it,`);
  });

  it('takes over a lock from before the system restarted, even if its pid runs now', () => {
    if (!existsSync('/proc/sys/kernel/random/boot_id')) return;
    writeFileSync(file, JSON.stringify({ ...thisRun(), pid: process.ppid, bootId: 'an-earlier-boot', since: '2026-01-01T00:00:00.000Z' }));
    const warnings: string[] = [];
    acquireReportLock(file, { onWarning: (message) => warnings.push(message) }).release();
    expect(warnings).toEqual([`taking over ${file}: pid ${process.ppid}, which held it, ran before the system restarted`]);
  });

  it('refuses a lock a running process on this host took, and one from another host until it is a day old', () => {
    const parent = { ...thisRun(), pid: process.ppid, startTime: null, since: new Date().toISOString() };
    writeFileSync(file, JSON.stringify(parent));
    expect(() => acquireReportLock(file)).toThrow(ReportLockError);
    const foreign = { pid: 1, host: 'elsewhere.example', bootId: null, startTime: 5, since: new Date().toISOString() };
    writeFileSync(file, JSON.stringify(foreign));
    expect(() => acquireReportLock(file)).toThrow(new ReportLockError(`another listlens report (pid 1 on host elsewhere.example) is running: ${file} is locked`));
    writeFileSync(file, JSON.stringify({ ...foreign, since: new Date(Date.now() - 25 * 3600_000).toISOString() }));
    const warnings: string[] = [];
    acquireReportLock(file, { onWarning: (message) => warnings.push(message) }).release();
    expect(warnings).toEqual([`taking over ${file}: it was taken on host elsewhere.example more than a day ago`]);
  });

  it('leaves alone a lock file it cannot read a pid in', () => {
    writeFileSync(file, 'listlens\n');
    expect(() => acquireReportLock(file)).toThrow(ReportLockError);
    writeFileSync(file, '{"pid":"1"}');
    expect(() => acquireReportLock(file)).toThrow(ReportLockError);
    writeFileSync(file, 'listlens\n');
    expect(() => acquireReportLock(file)).toThrow(new ReportLockError(`${file} names no process: if no listlens report is running, delete it`));
    expect(readFileSync(file, 'utf8')).toBe('listlens\n');
  });

  it('does not remove a lock another run has taken since', () => {
    const lock = acquireReportLock(file);
    writeFileSync(file, `${process.ppid}\n`);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(`${process.ppid}\n`);
  });
});
