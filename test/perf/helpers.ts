import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';

/** A temporary folder removed after the file's tests. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `listlens-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `work` on the store file opened read-only with SQLite itself, as a user inspecting it would. */
export function inspect<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

/** Every row of the tables an import writes, in a stable order: two stores with equal dumps are the same. */
export function dumpStore(file: string): Record<string, unknown[]> {
  return inspect(file, (db) => ({
    messages: db.prepare('SELECT * FROM messages ORDER BY id').all(),
    copies: db.prepare('SELECT * FROM copies ORDER BY message, list').all(),
    raw: db.prepare('SELECT id, sha256, size, encoding, hex(bytes) AS bytes FROM raw ORDER BY id').all(),
    participants: db.prepare('SELECT * FROM participants ORDER BY id').all(),
    addresses: db.prepare('SELECT * FROM addresses ORDER BY address').all(),
    search: db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'registrar' ORDER BY rowid").all(),
  }));
}
