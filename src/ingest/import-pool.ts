import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { MailParseError, type ParsedMail } from '../mail/index.js';
import type { EncodedRaw } from '../store/index.js';
import { ListlensError, workerScript } from '../core/index.js';

/** One message for a worker: its bytes (transferred, not copied again) and its mbox envelope date. */
export interface ParseRequest {
  bytes: Uint8Array;
  envelopeDate: Date | null;
}

/** A worker also encodes the raw bytes for storage (`encodedRaw`), work the writing thread is then spared. */
export type ParseOutcome = { kind: 'parsed'; parsed: ParsedMail; encodedRaw?: EncodedRaw } | { kind: 'failed'; reason: string };

/** What a worker posts: `ready` once it has loaded, then one `parsed` per batch it was sent, in order. */
export type WorkerMessage = { kind: 'ready' } | { kind: 'parsed'; outcomes: ParseOutcome[] };

interface Task {
  /** The caller's bytes; a copy of them is transferred at each dispatch, so a retry still has them. */
  bytes: Buffer;
  envelopeDate: Date | null;
  size: number;
  /** It was in a batch whose worker died: it is retried alone, so that a crash names its message. */
  suspect: boolean;
  resolve: (outcome: ParseOutcome) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** False until the worker has loaded its modules: nothing is sent to it before. */
  ready: boolean;
  /** Batches sent to this worker, answered in this order. */
  inFlight: Task[][];
}

/** Batches a worker holds at once: enough to keep it busy while the main thread writes a transaction. */
const batchesPerWorker = 8;
/**
 * Messages travel in batches: one wake-up of a thread per batch, not per message. A batch takes what
 * is waiting when a worker has room, up to this many, so a slow trickle is not held back.
 */
const maxBatchMessages = 16;
const maxBatchBytes = 1024 * 1024;
/** Work waiting or in flight is bounded by count and by bytes, whichever comes first. */
const maxQueuedMessagesPerWorker = 160;
const maxQueuedBytes = 8 * 1024 * 1024;
/**
 * A small young generation saves ~20 MB a worker at no measurable CPU cost. The old generation is left
 * unbounded: a cap there costs ~15% more CPU in garbage collection, and a message's size is bounded
 * before it gets here (readSource's maxMessageBytes, the MIME depth and part limits).
 */
const workerYoungGenerationMb = 12;
/** Workers that die this many times before they have even loaded mean the pool cannot work. */
const maxFailedStarts = 3;

const parseWorkerScript = (): URL | null => workerScript(import.meta.url, 'ingest', 'import-worker');

/** True when the compiled worker script is there to be started. */
export function parseWorkersAvailable(): boolean {
  return parseWorkerScript() !== null;
}

/**
 * One worker per core but one: the main thread is a busy stage too (splitting, hashing, SQLite and
 * FTS take about as long as a worker's parsing and deflating), and each worker's heap counts against
 * the memory bound.
 */
export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/** The wording of a message that could not be parsed, the same in a worker and in the main thread. */
export function failureReason(error: unknown): string {
  return error instanceof MailParseError ? error.message : `unexpected parser error: ${String(error)}`;
}

/**
 * Parses messages on worker threads. `whenReady()` resolves while there is room (bounded by count and
 * bytes), which is how a reader is held back; `parse` never rejects for a bad message, only when the
 * workers cannot run at all.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private queuedBytes = 0;
  private queuedCount = 0;
  private failedStarts = 0;
  private closing = false;
  private broken: Error | null = null;

  /**
   * `script` is the worker to run: import-worker.js, or in tests one that misbehaves on purpose. The
   * workers start with the first message to parse: an import of files already stored starts none.
   */
  constructor(
    readonly workerCount: number = defaultWorkerCount(),
    private readonly script: URL = parseWorkerScript() ?? notBuilt(),
  ) {}

  private startWorkers(): void {
    for (let i = 0; i < this.workerCount; i++) {
      const slot: Slot = { worker: null as unknown as Worker, ready: false, inFlight: [] };
      this.spawn(slot);
      this.slots.push(slot);
    }
  }

  /** Messages submitted and not yet answered. */
  get size(): number {
    return this.queuedCount;
  }

  whenReady(): Promise<void> {
    if (this.hasRoom() || this.broken) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  parse(bytes: Buffer, envelopeDate: Date | null): Promise<ParseOutcome> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.slots.length === 0) this.startWorkers();
    return new Promise((resolve, reject) => {
      this.queuedCount++;
      this.queuedBytes += bytes.length;
      this.waiting.push({ bytes, envelopeDate, size: bytes.length, suspect: false, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private hasRoom(): boolean {
    if (this.queuedCount === 0) return true;
    return this.queuedCount < this.workerCount * maxQueuedMessagesPerWorker && this.queuedBytes < maxQueuedBytes;
  }

  private spawn(slot: Slot): void {
    // The worker is plain compiled JS: the parent's flags (`--input-type`, a loader) could only break it.
    const worker = new Worker(this.script, {
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb },
    });
    let failure: Error | null = null;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ready') this.started(slot);
      else this.answered(slot, message.outcomes);
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      if (!this.closing) this.replace(slot, failure);
    });
    slot.worker = worker;
    slot.ready = false;
  }

  private started(slot: Slot): void {
    slot.ready = true;
    this.failedStarts = 0;
    this.dispatch();
  }

  private dispatch(): void {
    for (let slot = this.idlestSlot(); slot && this.waiting.length > 0; slot = this.idlestSlot()) {
      const batch = this.nextBatch();
      slot.inFlight.push(batch);
      // Copies of our own to transfer: the caller keeps its bytes to store, and a Buffer may share its memory.
      const requests: ParseRequest[] = batch.map((task) => ({ bytes: new Uint8Array(task.bytes), envelopeDate: task.envelopeDate }));
      slot.worker.postMessage(requests, requests.map((request) => request.bytes.buffer as ArrayBuffer));
    }
  }

  private idlestSlot(): Slot | null {
    let best: Slot | null = null;
    for (const slot of this.slots) {
      if (slot.ready && slot.inFlight.length < batchesPerWorker && (!best || slot.inFlight.length < best.inFlight.length)) best = slot;
    }
    return best;
  }

  private nextBatch(): Task[] {
    const first = this.waiting.shift() as Task;
    const batch = [first];
    let bytes = first.size;
    if (first.suspect) return batch;
    while (batch.length < maxBatchMessages && this.waiting[0] && !this.waiting[0].suspect && bytes + this.waiting[0].size <= maxBatchBytes) {
      const task = this.waiting.shift() as Task;
      bytes += task.size;
      batch.push(task);
    }
    return batch;
  }

  private answered(slot: Slot, outcomes: ParseOutcome[]): void {
    const batch = slot.inFlight.shift();
    if (!batch || batch.length !== outcomes.length) throw new Error('a parse worker answered out of turn');
    batch.forEach((task, i) => this.settle(task, outcomes[i] as ParseOutcome));
    this.dispatch();
  }

  private settle(task: Task, outcome: ParseOutcome): void {
    this.queuedCount--;
    this.queuedBytes -= task.size;
    task.resolve(outcome);
    while (this.roomWaiters.length > 0 && this.hasRoom()) this.roomWaiters.shift()?.();
  }

  /**
   * A worker died (a crash in native code, a failed allocation). A message it was parsing alone is
   * reported as unreadable; the messages of a batch are retried one by one, to find the one to blame.
   */
  private replace(slot: Slot, failure: Error | null): void {
    if (!slot.ready && ++this.failedStarts >= maxFailedStarts) return this.giveUp(failure);
    const [current, ...queued] = slot.inFlight;
    slot.inFlight = [];
    const retry = queued.flat();
    if (current?.length === 1 && current[0]?.suspect) this.settle(current[0], { kind: 'failed', reason: crashReason(failure) });
    else retry.unshift(...(current ?? []));
    for (const task of retry) task.suspect ||= current?.includes(task) ?? false;
    this.waiting.unshift(...retry);
    this.spawn(slot);
  }

  private giveUp(failure: Error | null): void {
    this.broken = new ListlensError('failed', `the parse workers cannot start: ${failure?.message ?? 'they exit at once'}`, failure ? { cause: failure } : undefined);
    for (const task of [...this.slots.flatMap((slot) => slot.inFlight.flat()), ...this.waiting]) task.reject(this.broken);
    this.waiting.length = 0;
    for (const wake of this.roomWaiters.splice(0)) wake();
    this.closing = true;
    for (const slot of this.slots) void slot.worker.terminate();
  }
}

function crashReason(failure: Error | null): string {
  return `the parser crashed on this message: ${failure?.message ?? 'its worker exited'}`;
}

function notBuilt(): never {
  throw new ListlensError('failed', 'the parse worker is not built (dist/ingest/import-worker.js): run `npm run build`');
}
