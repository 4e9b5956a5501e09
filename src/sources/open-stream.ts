import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Large reads keep the per-chunk overhead (and the line carried between chunks) negligible. */
const readChunkBytes = 1024 * 1024;
const inflateChunkBytes = 256 * 1024;

/** A stream of the file's bytes, gunzipped when the file starts with the gzip magic `1f 8b`, whatever its name. */
export async function openDecompressed(path: string): Promise<Readable> {
  const handle = await open(path, 'r');
  let gzipped: boolean;
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    gzipped = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (error) {
    await handle.close();
    throw error;
  }
  const file = handle.createReadStream({ start: 0, highWaterMark: readChunkBytes });
  if (!gzipped) return file;
  const gunzip = createGunzip({ chunkSize: inflateChunkBytes });
  // Errors of either stream surface on `gunzip`, where the reader iterates; destroying it closes the file.
  pipeline(file, gunzip, () => {});
  return gunzip;
}

/** An OS or zlib error as a short phrase; the caller names the path. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return `damaged or truncated gzip data (${error.message})`;
  // Node's OS errors end in `, open '/the/path'`: drop it rather than name the path twice.
  return error.message.replace(/, \w+ '.*'$/s, '');
}
