import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireReportLock, ReportLockError, reportLockFile } from '../../src/schedule/lock.js';
import { deadPid } from './workspace.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-lock-'));
  file = reportLockFile(path.join(dir, 'archive.sqlite'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the report lock', () => {
  it('sits beside the store and holds the pid of the run', () => {
    expect(file).toBe(path.join(dir, 'archive.sqlite.report.lock'));
    const lock = acquireReportLock(file);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(file)).toBe(false);
    lock.release();
  });

  it('refuses a second run while the first holds it, and is free again once released', () => {
    const first = acquireReportLock(file);
    expect(() => acquireReportLock(file)).toThrow(new ReportLockError(`another listlens report (pid ${process.pid}) is running: ${file} is locked`));
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    first.release();
    acquireReportLock(file).release();
  });

  it('takes over a lock whose pid is not running, and says so', () => {
    const stale = deadPid();
    writeFileSync(file, `${stale}\n`);
    const warnings: string[] = [];
    const lock = acquireReportLock(file, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([`taking over ${file}: pid ${stale}, which held it, is not running`]);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('leaves alone a lock file it cannot read a pid in', () => {
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
