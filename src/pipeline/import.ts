import { createHash } from 'node:crypto';
import { MailParseError, parseMessage } from '../mail/index.js';
import { expandSourcePaths, readSource } from '../sources/index.js';
import type { RawMessage } from '../sources/types.js';
import type { CopyInput, Store } from '../store/types.js';

export interface ImportProblem {
  /** `file:offset`, the place the message starts. */
  where: string;
  /** The Message-ID, when the message got far enough to have one. */
  messageId: string | null;
  reason: string;
}

export interface ImportSummary {
  read: number;
  new: number;
  /** Copies of already-stored messages from another list (a cross-post). */
  crossPosted: number;
  duplicates: number;
  /** Messages that asked not to be archived (`X-No-Archive: yes`). */
  skipped: number;
  failed: number;
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** The list every message is filed under, overriding List-Id / X-BeenThere. */
  list?: string;
  /** Called after each message with the running totals and the source being read. */
  onProgress?: (summary: ImportSummary, source: string) => void;
  /** Called with each problem as it is found. */
  onProblem?: (problem: ImportProblem) => void;
}

/** Messages per transaction: a killed import loses at most one batch, which the next run reads again. */
const batchSize = 200;

export function emptySummary(): ImportSummary {
  return { read: 0, new: 0, crossPosted: 0, duplicates: 0, skipped: 0, failed: 0, problems: [] };
}

/** Imports every message under `paths` into `store`; one bad message never stops the rest. */
export async function importPaths(store: Store, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary = emptySummary();
  const importer = new BatchImporter(store, summary, options);
  for (const file of await expandSourcePaths(paths)) {
    for await (const item of readSource(file)) {
      if (item.kind === 'problem') {
        importer.fail(`${item.origin.path}:${item.origin.offset}`, null, item.reason);
      } else {
        await importer.add(item);
      }
      options.onProgress?.(summary, file);
    }
  }
  importer.flush();
  return summary;
}

/** Parses raw messages and writes them to the store in batches; shared by file import and fetch. */
export class BatchImporter {
  private pending: CopyInput[] = [];

  constructor(
    private readonly store: Store,
    readonly summary: ImportSummary,
    private readonly options: ImportOptions,
  ) {}

  async add(raw: RawMessage): Promise<void> {
    this.summary.read++;
    const where = `${raw.origin.path}:${raw.origin.offset}`;
    const sha256 = createHash('sha256').update(raw.bytes).digest('hex');
    if (this.store.hasRawCopy(sha256, this.options.list ?? null) || this.isPending(sha256)) {
      this.summary.duplicates++;
      return;
    }
    try {
      const parsed = await parseMessage(raw.bytes, { envelopeDate: raw.origin.envelope?.date ?? null });
      if (parsed.message.noArchive) {
        this.summary.skipped++;
        return;
      }
      this.pending.push({
        message: parsed.message,
        list: this.options.list ?? parsed.list ?? '',
        raw: raw.bytes,
        rawSha256: sha256,
        source: raw.origin.path,
        offset: raw.origin.offset,
      });
    } catch (error) {
      // A parser bug on hostile input is still one bad message, not the end of the import.
      const reason = error instanceof MailParseError ? error.message : `unexpected parser error: ${String(error)}`;
      this.fail(where, null, reason);
    }
    if (this.pending.length >= batchSize) this.flush();
  }

  fail(where: string, messageId: string | null, reason: string): void {
    this.summary.failed++;
    const problem = { where, messageId, reason };
    this.summary.problems.push(problem);
    this.options.onProblem?.(problem);
  }

  private isPending(sha256: string): boolean {
    return this.pending.some((copy) => copy.rawSha256 === sha256);
  }

  flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.store.transaction(() => {
      for (const copy of batch) {
        const outcome = this.store.putCopy(copy);
        if (outcome === 'new') this.summary.new++;
        else if (outcome === 'new-copy') this.summary.crossPosted++;
        else this.summary.duplicates++;
      }
    });
  }
}
