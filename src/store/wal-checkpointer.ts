import { once } from 'node:events';
import { closeSync, openSync, readSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../core/index.js';

/** What the main thread asks of the checkpoint thread. */
export type CheckpointRequest = 'checkpoint' | 'close';

/**
 * Frames the log holds before they are copied beside the writer. Fewer are copied faster by the writer
 * when the store closes (2,000 pages in about 20 ms) than the thread starts (about 40 ms of CPU), and
 * each copy also copies again every page the writer changes again after it.
 */
const minFramesToCopy = 2000;

/**
 * Copies the write-ahead log into the store on a thread of its own (checkpoint-worker.ts), while the
 * writing thread goes on with its next transaction: at a million messages the copying is a fifth of an
 * import of a day's mail, done on the one thread before. The writer's own automatic checkpoint stays
 * on: SQLite skips it while this thread is copying, and it still bounds the log if this thread falls
 * behind or cannot run. The thread starts when the log first holds `minFramesToCopy` frames.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private copying = false;
  private wanted = false;
  private stopped = false;
  private logIndex: number | null = null;
  private readonly frameCount = Buffer.alloc(4);

  constructor(private readonly file: string) {}

  /** After a write transaction: copy what the log holds now, or when the copy under way ends. */
  afterWrite(): void {
    if (this.stopped) return;
    if (this.copying) {
      this.wanted = true;
      return;
    }
    if (this.logFrames() < minFramesToCopy) return;
    const worker = this.worker ?? this.start();
    if (!worker) return;
    this.copying = true;
    worker.postMessage('checkpoint' satisfies CheckpointRequest);
  }

  /** Waits for a copy under way and closes the thread's connection, before the store itself closes. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.logIndex !== null) closeSync(this.logIndex);
    this.logIndex = null;
    const worker = this.worker;
    if (!worker) return;
    const exited = once(worker, 'exit');
    // Held again, or a run with nothing else to wait for would end here, before the store is closed.
    worker.ref();
    worker.postMessage('close' satisfies CheckpointRequest);
    // A thread that failed has stopped copying, which is all closing asks of it.
    await exited.catch(() => undefined);
  }

  /**
   * The frames the log holds: `mxFrame` of the log's index header, at byte 16 of the -shm file in the
   * machine's byte order (https://www.sqlite.org/walformat.html). Unreadable: as if it held many.
   */
  private logFrames(): number {
    try {
      this.logIndex ??= openSync(`${this.file}-shm`, 'r');
      if (readSync(this.logIndex, this.frameCount, 0, 4, 16) < 4) return Number.POSITIVE_INFINITY;
      return os.endianness() === 'LE' ? this.frameCount.readUInt32LE(0) : this.frameCount.readUInt32BE(0);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  private start(): Worker | null {
    const script = workerScript(import.meta.url, 'store', 'checkpoint-worker');
    if (!script) {
      this.stopped = true;
      return null;
    }
    // Plain compiled JS that makes next to no objects: none of the parent's flags, the smallest young generation.
    const worker = new Worker(script, { execArgv: [], workerData: { file: this.file }, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
    worker.on('message', () => this.copied());
    // The writer's own checkpoint goes on doing the work.
    worker.on('error', () => (this.stopped = true));
    worker.on('exit', () => {
      this.stopped = true;
      this.worker = null;
    });
    // After the listeners, which would hold the thread again: a run that ends without closing the store
    // must not wait for this thread. SQLite's log is whole at every step of a checkpoint, so stopping one
    // half-way loses nothing.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private copied(): void {
    this.copying = false;
    if (this.wanted) {
      this.wanted = false;
      this.afterWrite();
    }
  }
}
