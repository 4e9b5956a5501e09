/**
 * The body of the checkpoint thread (see wal-checkpointer.ts): a connection of its own to the store,
 * which copies the write-ahead log into it when asked. PASSIVE never waits: it copies what the writer
 * has committed and leaves the rest for the next request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointRequest } from './wal-checkpointer.js';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker.js runs as a worker thread of WalCheckpointer');

const db = new Database((workerData as { file: string }).file, { fileMustExist: true });

port.on('message', (request: CheckpointRequest) => {
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  db.pragma('wal_checkpoint(PASSIVE)');
  port.postMessage('copied');
});
