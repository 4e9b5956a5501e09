// A stand-in for import-worker.js that speaks its protocol but dies on a message containing CRASH.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (batch) => {
  const outcomes = [];
  for (const request of batch) {
    const text = Buffer.from(request.bytes).toString('latin1');
    if (text.includes('CRASH')) process.exit(3);
    outcomes.push({ kind: 'failed', reason: `read ${text}` });
  }
  parentPort.postMessage({ kind: 'parsed', outcomes });
});
parentPort.postMessage({ kind: 'ready' });
