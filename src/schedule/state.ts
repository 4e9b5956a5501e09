import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../output/index.js';
import { draftLabel } from '../draft/index.js';
import type { Draft } from '../draft/index.js';
import type { Taxonomy } from '../nlp/index.js';
import { ListlensError, listlensUserAgent } from '../core/index.js';
import type { ThreadCoverage } from '../analyse/index.js';
import type { ReportSnapshot } from '../analyse/index.js';
import type { ReportFormat } from './config.js';
import { reportSchema, threadSchema } from '../render/index.js';

export const reportStateSchema = 'listlens/report-state@1';

/** `reports/<report>/state.json`. */
export interface ReportState {
  schema: typeof reportStateSchema;
  /** Of the inputs the report was made from: a run whose inputs give the same one writes nothing. */
  fingerprint: string;
  snapshot: ReportSnapshot;
}

/** A state file that exists but cannot be used. */
export class ReportStateError extends ListlensError {
  override name = 'ReportStateError';

  constructor(message: string, options?: ErrorOptions) {
    super('failed', message, options);
  }
}

/** The state kept beside a report, or null when there is none (the report was never made). */
export function readReportState(file: string): ReportState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ReportStateError(`${file}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new ReportStateError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isReportState(state)) throw new ReportStateError(`${file}: not a ${reportStateSchema} file`);
  return state;
}

export function writeReportState(file: string, state: ReportState): void {
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

function isReportState(value: unknown): value is ReportState {
  const state = value as Partial<ReportState> | null;
  const snapshot = state?.snapshot;
  return (
    state?.schema === reportStateSchema &&
    typeof state.fingerprint === 'string' &&
    typeof snapshot?.date === 'string' &&
    Array.isArray(snapshot.messages) &&
    Array.isArray(snapshot.respondents) &&
    Array.isArray(snapshot.technologies)
  );
}

export interface FingerprintInputs {
  coverage: ThreadCoverage;
  taxonomy: Taxonomy;
  formats: readonly ReportFormat[];
}

/**
 * Changes when anything the report is made from changes: the thread's messages and their list copies,
 * each draft's name, revision and content, the taxonomy, the formats asked for, and listlens itself.
 */
export function reportFingerprint({ coverage, taxonomy, formats }: FingerprintInputs): string {
  const messages = coverage.messages.map(({ message }) => `${message.messageId} ${message.copies.map((c) => c.list).sort().join(',')}`).sort();
  return sha256(
    JSON.stringify({
      generator: listlensUserAgent,
      // A new shape of the thread or report JSON means the report reads differently: make it again.
      schemas: [threadSchema, reportSchema],
      formats: [...formats].sort(),
      root: coverage.thread.root,
      messages,
      // Who counts as a respondent changes with the config's chairs, not only with the messages.
      respondents: coverage.thread.respondents,
      drafts: coverage.drafts.map((draft: Draft) => ({ draft: draftLabel(draft), content: sha256(JSON.stringify(draft)) })),
      taxonomy: sha256(JSON.stringify(taxonomy.technologies)),
    }),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
