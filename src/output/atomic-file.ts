import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Names tried before giving up: each taken only if someone raced to plant a file at a random name. */
const temporaryNameTries = 8;

/** Writes a whole file or nothing: a reader never sees half a report, even if listlens is killed. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  writeFileAtomicVia(file, content, () => `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * `writeFileAtomic` with the temporary names chosen by `temporaryName`. The temporary file is created
 * exclusively (`O_CREAT | O_EXCL`), so a file or symlink already at that name is never written
 * through, only passed over for the next name.
 */
export function writeFileAtomicVia(file: string, content: string | Buffer, temporaryName: () => string): void {
  const folder = path.dirname(path.resolve(file));
  mkdirSync(folder, { recursive: true });
  const { temporary, descriptor } = createExclusive(folder, temporaryName);
  try {
    try {
      writeFileSync(descriptor, content);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function createExclusive(folder: string, temporaryName: () => string): { temporary: string; descriptor: number } {
  for (let attempt = 1; ; attempt++) {
    const temporary = path.join(folder, temporaryName());
    try {
      return { temporary, descriptor: openSync(temporary, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= temporaryNameTries) throw error;
    }
  }
}

/** Prints to stdout, or writes `out` atomically when given. */
export function emit(content: string, out: string | undefined): void {
  if (out) writeFileAtomic(out, content);
  else process.stdout.write(content);
}
