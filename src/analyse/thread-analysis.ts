import type { Draft } from '../draft/index.js';
import type { Taxonomy } from '../nlp/index.js';
import type { Store } from '../store/index.js';
import { type Brief, gatherBrief } from './brief.js';
import { analyseThread, type ThreadCoverage } from './coverage.js';
import { summariseThread, type ThreadSummaryReport } from './summary.js';

export interface ThreadAnalysisOptions {
  /** The technologies to look for (`loadTaxonomy()`, or with extra files merged over it). */
  taxonomy: Taxonomy;
  /** The drafts to judge the thread against, in the order given (the last is judged); none: no coverage. */
  drafts?: Draft[] | null;
  /** The working group's chairs, by address or name: their messages are not counted as responses. */
  chairs?: readonly string[];
}

export interface ThreadAnalysis {
  /** The Message-ID of the thread's first message. */
  root: string;
  /** Technologies raised and each draft's verdict; null when no draft was given. */
  coverage: ThreadCoverage | null;
  /** Who took part, a gist a message, positions, technologies and open questions (made once, when first asked). */
  summary(): Promise<ThreadSummaryReport>;
}

/** The analysis of a thread judged against drafts: it has a coverage, and a chair briefing. */
export interface JudgedThreadAnalysis extends ThreadAnalysis {
  coverage: ThreadCoverage;
  /** The chair briefing: question, answer, charts, gaps (made once, when first asked). */
  brief(): Promise<Brief>;
}

/**
 * Analyses the thread of `root` (any message of it): its coverage against the drafts now, its summary
 * and briefing when first asked. Without drafts, the summary finds the technologies in every message.
 */
export async function analyseThreadFully(store: Store, root: string, options: ThreadAnalysisOptions & { drafts: Draft[] }): Promise<JudgedThreadAnalysis>;
export async function analyseThreadFully(store: Store, root: string, options: ThreadAnalysisOptions): Promise<ThreadAnalysis>;
export async function analyseThreadFully(store: Store, root: string, options: ThreadAnalysisOptions): Promise<ThreadAnalysis | JudgedThreadAnalysis> {
  const threadRoot = (await store.message(root))?.threadRoot ?? root;
  const { taxonomy, drafts } = options;
  if (!drafts) {
    const summary = once(() => summariseThread(store, threadRoot, { taxonomy, chairs: options.chairs ?? [] }));
    return { root: threadRoot, coverage: null, summary };
  }
  const coverage = await analyseThread(store, threadRoot, drafts, taxonomy, { chairs: options.chairs ?? [] });
  const summary = once(() => summariseThread(store, threadRoot, { taxonomy, coverage, chairs: options.chairs ?? [] }));
  const brief = once(async () => gatherBrief(coverage, await summary()));
  return { root: threadRoot, coverage, summary, brief };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= make());
}
