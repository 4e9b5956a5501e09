import { readFileSync } from 'node:fs';
import { type CallKind, type CallPosition, callPositions, detectCall, positionsOnCall, readMessage } from '../analyse/index.js';
import { importPaths } from '../ingest/index.js';
import { openStore, type StoredMessage } from '../store/index.js';
import { ratio } from './score.js';

/** One labelled message: its position on the call, and a poll's options. */
interface MessageLabel {
  thread?: string;
  position: string | null;
  options?: string[];
}

interface ThreadLabel {
  root: string;
  call: null | { kind: string; deadline: string; documents: string[]; closed: string | null };
}

export interface ClassScore {
  position: CallPosition;
  labelled: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface PositionScore {
  /** Over every position but `none`: a found position is right when it is the labelled one. */
  precision: number;
  recall: number;
  correct: number;
  found: number;
  labelled: number;
  byClass: ClassScore[];
  /** Messages read wrongly: Message-ID, labelled, found. */
  wrong: { messageId: string; labelled: CallPosition; found: CallPosition }[];
}

export interface CallEvaluation {
  messages: number;
  listlens: PositionScore;
  /** `object` anywhere in the body → oppose, else `support` or `+1` → support, else none. */
  baseline: PositionScore;
  /** Poll answers whose options were found exactly, of those labelled with options. */
  options: { correct: number; labelled: number };
  /** One per labelled thread: the call's kind, deadline, documents and closing found, against the labels. */
  calls: { thread: string; kind: [string | null, string | null]; deadline: [string | null, string | null]; documents: boolean; closed: boolean }[];
}

/** The archive's labels use `changes` and `null`; they have no question or neutral class, so those readings count as none. */
const fromArchive: Record<string, CallPosition> = { support: 'support', oppose: 'oppose', changes: 'asks-changes' };

/**
 * Positions on calls against hand labels: `fixtures/calls/labels.json` ({threads, messages}) or the demo
 * archive's `labels.json` (a position per message, `support`/`oppose`/`changes`/null), beside a naive
 * keyword baseline; with call labels, the call's kind and deadline too.
 */
export async function evaluateCalls(archiveDir: string, labelsFile: string): Promise<CallEvaluation> {
  const raw = JSON.parse(readFileSync(labelsFile, 'utf8')) as { threads?: Record<string, ThreadLabel>; messages?: Record<string, MessageLabel> } & Record<string, MessageLabel>;
  const archiveLabels = !raw.messages;
  const labels: Record<string, MessageLabel> = raw.messages ?? raw;
  const expected = (id: string): CallPosition | undefined => {
    const label = labels[id];
    if (!label) return undefined;
    return archiveLabels ? (fromArchive[label.position ?? ''] ?? 'none') : (label.position as CallPosition);
  };
  const store = openStore(':memory:');
  try {
    await importPaths(store, [archiveDir]);
    const found: { messageId: string; labelled: CallPosition; listlens: CallPosition; baseline: CallPosition }[] = [];
    const options = { correct: 0, labelled: 0 };
    const calls: CallEvaluation['calls'] = [];
    for (const thread of await store.threads({})) {
      const messages = await store.threadMessages(thread.root);
      const call = detectCall(messages);
      const positions = positionsOnCall(messages, call);
      messages.forEach((message, i) => {
        const labelled = expected(message.messageId);
        if (labelled === undefined) return;
        const stand = positions.messages[i]!;
        const listlens = archiveLabels && (stand.position === 'question' || stand.position === 'neutral') ? 'none' : stand.position;
        found.push({ messageId: message.messageId, labelled, listlens, baseline: keywordBaseline(message) });
        const wanted = labels[message.messageId]?.options;
        if (wanted) {
          options.labelled += 1;
          if (JSON.stringify(wanted) === JSON.stringify(stand.options)) options.correct += 1;
        }
      });
      const entry = Object.entries(raw.threads ?? {}).find(([, label]) => label.root === thread.root);
      if (entry) {
        const [name, label] = entry;
        calls.push({
          thread: name,
          kind: [label.call?.kind ?? null, call?.kind ?? null],
          deadline: [label.call?.deadline ?? null, call?.deadline ?? null],
          documents: JSON.stringify(label.call?.documents ?? []) === JSON.stringify(call?.documents ?? []),
          closed: (label.call?.closed ?? null) === (call?.closed?.messageId ?? null),
        });
      }
    }
    return {
      messages: found.length,
      listlens: score(found.map((f) => ({ messageId: f.messageId, labelled: f.labelled, found: f.listlens }))),
      baseline: score(found.map((f) => ({ messageId: f.messageId, labelled: f.labelled, found: f.baseline }))),
      options,
      calls: calls.sort((a, b) => a.thread.localeCompare(b.thread)),
    };
  } finally {
    await store.close();
  }
}

function keywordBaseline(message: StoredMessage): CallPosition {
  const body = message.text.toLowerCase();
  if (body.includes('object')) return 'oppose';
  if (body.includes('support') || body.includes('+1')) return 'support';
  return 'none';
}

function score(readings: { messageId: string; labelled: CallPosition; found: CallPosition }[]): PositionScore {
  const stated = (p: CallPosition) => p !== 'none';
  const correct = readings.filter((r) => stated(r.found) && r.found === r.labelled).length;
  const found = readings.filter((r) => stated(r.found)).length;
  const labelled = readings.filter((r) => stated(r.labelled)).length;
  const byClass = callPositions
    .filter(stated)
    .map((position): ClassScore => {
      const foundHere = readings.filter((r) => r.found === position).length;
      const labelledHere = readings.filter((r) => r.labelled === position).length;
      const right = readings.filter((r) => r.found === position && r.labelled === position).length;
      return { position, labelled: labelledHere, found: foundHere, correct: right, precision: ratio(right, foundHere), recall: ratio(right, labelledHere) };
    })
    .filter((c) => c.labelled > 0 || c.found > 0);
  return {
    precision: ratio(correct, found),
    recall: ratio(correct, labelled),
    correct,
    found,
    labelled,
    byClass,
    wrong: readings.filter((r) => r.found !== r.labelled).map(({ messageId, labelled: l, found: f }) => ({ messageId, labelled: l, found: f })),
  };
}

/**
 * Replies written after the rules and never used to tune them (`fixtures/calls/held-out.json`), each read
 * as a direct answer to a call of its kind: how the rules do on wording they were not made for.
 */
export function evaluateHeldOut(file: string): { listlens: PositionScore; baseline: PositionScore; replies: number } {
  const { replies } = JSON.parse(readFileSync(file, 'utf8')) as { replies: { kind: CallKind; text: string; position: CallPosition; options?: string[] }[] };
  const readings = replies.map((reply, i) => {
    const read = readMessage(reply.text, { kind: reply.kind, questionWords: new Set(), options: ['A', 'B', 'C'], answersCall: true });
    const optionsRight = JSON.stringify(read.options) === JSON.stringify(reply.options ?? []);
    return { id: `#${i + 1} ${reply.text}`, labelled: reply.position, found: optionsRight ? read.position : 'none', text: reply.text };
  });
  const body = (text: string): CallPosition => keywordBaseline({ text } as StoredMessage);
  return {
    replies: replies.length,
    listlens: score(readings.map((r) => ({ messageId: r.id, labelled: r.labelled, found: r.found }))),
    baseline: score(readings.map((r) => ({ messageId: r.id, labelled: r.labelled, found: body(r.text) }))),
  };
}
