import type Database from 'better-sqlite3';
import type { MaildirFile, MaildirFolderState, MaildirScan } from './types.js';

/**
 * A maildir scan's files in temporary tables, which SQLite keeps in a file of their own (a million
 * names is not held in memory). The files listed are appended in listing order (inserting them in
 * name order into an index took 12 s for a million, appending 1 s); those to read are then copied
 * in file-name order into a second table, where they are numbered in that order.
 */
export class SqliteMaildirScan implements MaildirScan {
  /** Folders are numbered in the tables: a million rows do not repeat a path. */
  private readonly folders: string[] = [];
  private readonly addFile: Database.Statement<[string, number, string]>;
  private readonly filesAfter: Database.Statement<[number, number], { name: string; folder: number; base: string }>;

  constructor(
    private readonly db: Database.Database,
    private readonly maildir: string,
    private readonly list: string,
    private readonly verify: boolean,
  ) {
    db.exec(`DROP TABLE IF EXISTS temp.maildir_listed; DROP TABLE IF EXISTS temp.maildir_to_read;
      CREATE TEMP TABLE maildir_listed (name TEXT NOT NULL, folder INTEGER NOT NULL, base TEXT NOT NULL);
      CREATE TEMP TABLE maildir_to_read (name TEXT NOT NULL, folder INTEGER NOT NULL, base TEXT NOT NULL)`);
    this.addFile = db.prepare('INSERT INTO temp.maildir_listed (name, folder, base) VALUES (?, ?, ?)');
    // Copied in order into an empty table: its rows are numbered 1, 2, 3... in file-name order.
    this.filesAfter = db.prepare('SELECT name, folder, base FROM temp.maildir_to_read WHERE rowid > ? ORDER BY rowid LIMIT ?');
  }

  async add(files: readonly MaildirFile[]): Promise<void> {
    this.db.transaction(() => {
      for (const file of files) this.addFile.run(file.name, this.folderNumber(file.folder), file.base);
    })();
  }

  async selectNew(): Promise<number> {
    const notImported = 'WHERE NOT EXISTS (SELECT 1 FROM maildir_names WHERE maildir = ? AND list = ? AND name = l.base)';
    const select = this.db.prepare(`INSERT INTO temp.maildir_to_read (name, folder, base)
      SELECT name, folder, base FROM temp.maildir_listed l ${this.verify ? '' : notImported} ORDER BY name, folder`);
    const selected = (this.verify ? select.run() : select.run(this.maildir, this.list)).changes;
    this.db.exec('DROP TABLE temp.maildir_listed');
    return selected;
  }

  async files(start: number, limit: number): Promise<MaildirFile[]> {
    return this.filesAfter
      .all(start, limit)
      .map((row) => ({ name: row.name, folder: this.folders[row.folder]!, base: row.base }));
  }

  async finish(folders: readonly MaildirFolderState[]): Promise<void> {
    const putFolder = this.db.prepare('INSERT OR REPLACE INTO maildir_folders (folder, list, mtime_ms, files) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO maildir_names (maildir, list, name) SELECT ?, ?, base FROM temp.maildir_to_read').run(this.maildir, this.list);
      for (const folder of folders) putFolder.run(folder.folder, this.list, folder.mtimeMs, folder.files);
    }).immediate();
    this.db.exec('DROP TABLE temp.maildir_to_read');
  }

  private folderNumber(folder: string): number {
    const known = this.folders.indexOf(folder);
    return known >= 0 ? known : this.folders.push(folder) - 1;
  }
}
