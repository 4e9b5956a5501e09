/**
 * The body of a parse worker (see import-pool.ts): decodes each batch of messages it is sent with
 * `parseMessage` and posts back, per batch, each message's result (and its bytes encoded for storage)
 * or the reason it could not be read.
 */
import { parentPort } from 'node:worker_threads';
import { parseMessage } from '../mail/index.js';
// Not the store's index: that would load SQLite into every worker.
import { encodeRaw } from '../store/index.js';
import { failureReason, type ParseOutcome, type ParseRequest, type WorkerMessage } from './import-pool.js';

const port = parentPort;
if (!port) throw new Error('import-worker.js runs as a worker thread of ParsePool');

let queue: Promise<void> = Promise.resolve();

port.on('message', (batch: ParseRequest[]) => {
  queue = queue.then(() => handle(batch));
});
post({ kind: 'ready' });

async function handle(batch: ParseRequest[]): Promise<void> {
  const outcomes: ParseOutcome[] = [];
  for (const request of batch) outcomes.push(await parse(request));
  post({ kind: 'parsed', outcomes });
}

async function parse(request: ParseRequest): Promise<ParseOutcome> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const parsed = await parseMessage(bytes, { envelopeDate: request.envelopeDate });
    return { kind: 'parsed', parsed, encodedRaw: encodeRaw(bytes) };
  } catch (error) {
    return { kind: 'failed', reason: failureReason(error) };
  }
}

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}
