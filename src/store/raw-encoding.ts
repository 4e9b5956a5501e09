import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** A message's raw bytes as the store keeps them. */
export interface EncodedRaw {
  encoding: 'deflate' | 'identity';
  bytes: Buffer;
}

/** Raw bytes compress about 3:1 (headers are repetitive); tiny messages are not worth it. */
const compressAbove = 512;

/** Pure and thread-safe: a parse worker encodes the bytes it parsed, so the writing thread does not have to. */
export function encodeRaw(bytes: Buffer): EncodedRaw {
  return bytes.length > compressAbove ? { encoding: 'deflate', bytes: deflateRawSync(bytes) } : { encoding: 'identity', bytes };
}

export function decodeRaw(encoding: string, bytes: Buffer): Buffer {
  return encoding === 'deflate' ? inflateRawSync(bytes) : bytes;
}
