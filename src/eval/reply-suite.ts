import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMessage, type Message, type Segment } from '../mail/index.js';
import { ratio } from './score.js';

/**
 * A reply-parser test suite written outside the project (`cases.json` beside `input/` and `expected/`),
 * as `../shared/corpus/reply-suites/<suite>/` holds them: every case is run through the own-text code
 * and compared with the text the suite expects.
 */
interface SuiteCase {
  id: string;
  group: string;
  input: string;
  /** `body`: a bare body; `eml`: a whole message; `html`: an HTML body. */
  format: 'body' | 'eml' | 'html';
  expected?: string;
  /** How the suite itself compares this case: `whitespace-free` (talon's HTML tests) ignores all whitespace. */
  compare?: 'whitespace-free';
}

interface GroupPolicy {
  /** Whether the suite's reply keeps the signature (`kept`) or strips it (`stripped`). */
  signature: 'kept' | 'stripped';
  forwarded: 'kept' | 'stripped';
}

interface SuiteFile {
  suite: string;
  policy: { groups: Record<string, GroupPolicy> };
  cases: SuiteCase[];
}

/** Token counts of one produced text against the expected one. */
export interface TokenCounts {
  /** Tokens of the produced text also in the expected one (as a multiset). */
  matched: number;
  produced: number;
  expected: number;
}

/** How one method did on one case. */
export interface CaseOutcome {
  text: string;
  /**
   * Equal to the expected text once every run of whitespace is one space, or with no whitespace at all
   * where the suite compares the case that way.
   */
  strict: boolean;
  tokens: TokenCounts;
}

export interface ReplyCaseResult {
  id: string;
  group: string;
  expected: string;
  listlens: CaseOutcome;
  baseline: CaseOutcome;
}

/** Strict share and micro-averaged token precision and recall over a set of cases. */
export interface ReplyScore {
  cases: number;
  strictMatches: number;
  strict: number;
  precision: number;
  recall: number;
}

export interface ReplyGroupScore {
  group: string;
  listlens: ReplyScore;
  baseline: ReplyScore;
}

export interface ReplySuiteEvaluation {
  suite: string;
  groups: ReplyGroupScore[];
  overall: ReplyGroupScore;
  cases: ReplyCaseResult[];
}

/**
 * Strict matches and token precision/recall of listlens's own text against a suite's expected replies,
 * per group and overall, beside the naive baseline (the body above the first `>` or `On … wrote:` line).
 * What the reply holds follows the group's policy: own words, plus the signature and forwarded blocks
 * where the suite keeps them.
 */
export async function evaluateReplySuite(suiteDir: string): Promise<ReplySuiteEvaluation> {
  const suite = JSON.parse(readFileSync(path.join(suiteDir, 'cases.json'), 'utf8')) as SuiteFile;
  const cases: ReplyCaseResult[] = [];
  for (const entry of suite.cases) {
    if (entry.expected === undefined) continue;
    const expected = readFileSync(path.join(suiteDir, entry.expected), 'utf8');
    const { message } = await parseMessage(messageBytes(entry, readFileSync(path.join(suiteDir, entry.input))));
    const kinds = keptKinds(suite.policy.groups[entry.group]);
    cases.push({
      id: entry.id,
      group: entry.group,
      expected,
      listlens: outcome(replyText(message.segments, kinds), expected, entry.compare),
      baseline: outcome(naiveReply(message), expected, entry.compare),
    });
  }
  const groups = [...new Set(cases.map((c) => c.group))].map((group) => groupScore(group, cases.filter((c) => c.group === group)));
  return { suite: suite.suite, groups, overall: groupScore('overall', cases), cases };
}

const MINIMAL_HEADERS = [
  'From: Sender <sender@example.com>',
  'To: Recipient <recipient@example.com>',
  'Subject: Re: reply suite case',
  'Date: Mon, 1 Mar 2021 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Transfer-Encoding: 8bit',
];

/** A whole message as it is; a bare body (text or HTML, UTF-8) under minimal headers. */
function messageBytes(entry: SuiteCase, input: Buffer): Buffer {
  if (entry.format === 'eml') return input;
  const type = entry.format === 'html' ? 'text/html' : 'text/plain';
  const headers = [...MINIMAL_HEADERS, `Message-ID: <${entry.id}@reply-suite.example>`, `Content-Type: ${type}; charset=utf-8`];
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), input]);
}

function keptKinds(policy: GroupPolicy | undefined): Set<Segment['kind']> {
  const kinds = new Set<Segment['kind']>(['own']);
  if (policy?.signature !== 'stripped') kinds.add('signature').add('signoff');
  if (policy?.forwarded !== 'stripped') kinds.add('forwarded');
  return kinds;
}

function replyText(segments: readonly Segment[], kinds: ReadonlySet<Segment['kind']>): string {
  return segments
    .filter((segment) => kinds.has(segment.kind))
    .map((segment) => segment.text)
    .join('\n');
}

const NAIVE_STOP = /^\s*>|^\s*On\s.*\swrote:\s*$/;

/** The naive baseline: the decoded body above its first `>` line or `On … wrote:` line. */
export function naiveReply(message: Pick<Message, 'text'>): string {
  const lines = message.text.split('\n');
  const stop = lines.findIndex((line) => NAIVE_STOP.test(line));
  return (stop < 0 ? lines : lines.slice(0, stop)).join('\n');
}

function normalised(text: string, compare: SuiteCase['compare']): string {
  return compare === 'whitespace-free' ? text.replace(/\s+/g, '') : text.replace(/\s+/g, ' ').trim();
}

/** An address as one word, else a run of letters and digits; punctuation and whitespace are no tokens. */
const WORD = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|[\p{L}\p{M}\p{N}]+/gu;

/** The words of a text, so that `Bob < bob@example.com >` and `Bob <bob@example.com>` count alike. */
function tokens(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Tokens of `produced` matched one for one against those of `expected`. */
export function tokenCounts(produced: string, expected: string): TokenCounts {
  const remaining = new Map<string, number>();
  const wanted = tokens(expected);
  for (const token of wanted) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  const made = tokens(produced);
  let matched = 0;
  for (const token of made) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      matched++;
      remaining.set(token, left - 1);
    }
  }
  return { matched, produced: made.length, expected: wanted.length };
}

function outcome(text: string, expected: string, compare: SuiteCase['compare']): CaseOutcome {
  return { text, strict: normalised(text, compare) === normalised(expected, compare), tokens: tokenCounts(text, expected) };
}

function score(outcomes: readonly CaseOutcome[]): ReplyScore {
  const total = (pick: (counts: TokenCounts) => number): number => outcomes.reduce((sum, o) => sum + pick(o.tokens), 0);
  const strictMatches = outcomes.filter((o) => o.strict).length;
  const matched = total((t) => t.matched);
  return {
    cases: outcomes.length,
    strictMatches,
    strict: ratio(strictMatches, outcomes.length),
    precision: ratio(matched, total((t) => t.produced)),
    recall: ratio(matched, total((t) => t.expected)),
  };
}

function groupScore(group: string, cases: readonly ReplyCaseResult[]): ReplyGroupScore {
  return { group, listlens: score(cases.map((c) => c.listlens)), baseline: score(cases.map((c) => c.baseline)) };
}
