import { readSource } from '../../src/sources/index.js';

/** The bytes of every message in a mail file, read with the real streaming reader. */
export async function messageBytes(file: string): Promise<Buffer[]> {
  const messages: Buffer[] = [];
  for await (const item of readSource(file)) {
    if (item.kind === 'problem') throw new Error(`${file}: ${item.reason}`);
    messages.push(item.bytes);
  }
  return messages;
}
