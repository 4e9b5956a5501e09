/**
 * A maildir of `count` messages taken from a generated archive (every message in its files when
 * `count` is Infinity), as a mail client leaves one: one file a message in `cur/`, named by delivery
 * time, flags after `:2,`. For the unchanged-maildir re-scan and the peer comparison.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export async function makeMaildir(archive, dir, count) {
  const done = path.join(dir, '.complete');
  try {
    if (readdirSync(dir).includes('.complete')) return dir;
  } catch {
    // not made yet
  }
  const { expandSourcePaths, readSource } = await import('../dist/sources/index.js');
  rmSync(dir, { recursive: true, force: true });
  for (const folder of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, folder), { recursive: true });
  let written = 0;
  for (const file of await expandSourcePaths([archive])) {
    for await (const item of readSource(file)) {
      if (item.kind !== 'message') continue;
      writeFileSync(path.join(dir, 'cur', `${1600000000 + written}.M${written}P1.bench:2,S`), item.bytes);
      if (++written === count) {
        writeFileSync(done, '');
        return dir;
      }
    }
  }
  if (Number.isFinite(count)) throw new Error(`the archive has fewer than ${count} messages`);
  writeFileSync(done, '');
  return dir;
}
