import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes a whole file or nothing: a reader never sees half a report, even if listlens is killed. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Prints to stdout, or writes `out` atomically when given. */
export function emit(content: string, out: string | undefined): void {
  if (out) writeFileAtomic(out, content);
  else process.stdout.write(content);
}
