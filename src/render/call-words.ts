import type { CallKind, CallPosition, CallTally, ChairsCall, ThreadSummaryReport } from '../analyse/index.js';
import { plural } from '../core/index.js';
import { listing, longDay } from './brief-text.js';

const kindNames: Record<CallKind, string> = {
  adoption: 'Adoption call',
  'last-call': 'Working group last call',
  consensus: 'Consensus call',
  ipr: 'IPR poll',
  poll: 'Poll',
  other: "Chairs' call",
};

/** What a `support` is support of, said after the number. */
const supportFor: Record<CallKind, string> = {
  adoption: ' adoption',
  'last-call': ' it going forward',
  consensus: ' the proposal',
  ipr: '',
  poll: ' an option',
  other: '',
};

/** `13 October 2025` from the call's `YYYY-MM-DD`. */
const deadlineDay = (deadline: string): string => longDay(new Date(`${deadline}T00:00:00Z`));

/** What the call is, on what, and until when: `Adoption call for draft-x-02, closing 13 October 2025`. */
export function callName(call: ChairsCall, subject: string): string {
  const on = call.documents.length > 0 ? listing(call.documents) : `“${subject}”`;
  const preposition = call.kind === 'consensus' || call.kind === 'poll' || call.kind === 'other' ? 'on' : 'for';
  const deadline = call.deadline ? `, closing ${deadlineDay(call.deadline)}` : '';
  return `${kindNames[call.kind]} ${preposition} ${on}${deadline}`;
}

/** Who opened the call and when, and how it ended if it did. */
export function callStatus(call: ChairsCall): string {
  const opened = `opened by ${call.opened.author}${call.opened.date ? ` on ${longDay(call.opened.date)}` : ''}`;
  const closed = call.closed ? `; closed by ${call.closed.author}${call.closed.date ? ` on ${longDay(call.closed.date)}` : ''}: “${call.closed.statement}”` : '';
  return `${opened}${closed}`;
}

function organisations(known: number, unknown: number): string {
  if (known + unknown === 0) return '';
  if (known === 0) return ' (organisations unknown)';
  return ` (${plural(known, 'organisation')}${unknown ? `, ${unknown} unknown` : ''})`;
}

/**
 * The tally, always with how many took no readable position: `11 support (7 organisations), 1 conditional,
 * 0 oppose, 5 no position`; on a poll the options chosen; withheld, with its reason, when most replies say nothing readable.
 */
export function tallyWords(tally: CallTally, wording: { kind?: CallKind; names?: Partial<Record<CallPosition, string[]>> } = {}): string {
  if (tally.withheld) return `No tally: ${tally.withheld}.`;
  const { counts, organisations: orgs } = tally;
  const named = (position: CallPosition) => {
    const names = wording.names?.[position] ?? [];
    return names.length > 0 && names.length <= 3 ? ` (${listing(names)})` : '';
  };
  const what = wording.kind ? supportFor[wording.kind] : '';
  const parts = [
    `${counts.support} support${what}${organisations(orgs.support, orgs.supportUnknown)}`,
    `${counts['conditional-support']} conditional${named('conditional-support')}`,
    `${counts.oppose} oppose${organisations(orgs.oppose, orgs.opposeUnknown)}${named('oppose')}`,
    ...(counts['asks-changes'] ? [`${counts['asks-changes']} ask${counts['asks-changes'] === 1 ? 's' : ''} for changes${named('asks-changes')}`] : []),
    ...(counts.question ? [`${counts.question} only asked questions`] : []),
    ...(counts.neutral ? [`${counts.neutral} neutral`] : []),
    `${counts.none} no position`,
  ];
  const options = Object.entries(tally.options).sort(([a], [b]) => a.localeCompare(b));
  const chosen = options.length ? `; options chosen: ${options.map(([option, n]) => `${option} ${n}`).join(', ')}` : '';
  return `${parts.join(', ')}${chosen} (${plural(tally.participants, 'participant')}).`;
}

/** How a position reads in a table: `supports`, `supports if …`, `opposes`. */
export const positionWords: Record<string, string> = {
  support: 'supports',
  'conditional-support': 'supports on a condition',
  oppose: 'opposes',
  'asks-changes': 'asks for changes',
  question: 'asked a question',
  neutral: 'neutral',
  none: 'no position',
};

/** What the coverage report says of the call, in one line: name, status, question, tally; null when the thread is no call. */
export function callSummaryLine(summary: Pick<ThreadSummaryReport, 'call' | 'callPositions'> | null, subject: string): string | null {
  if (!summary?.call) return null;
  const { call } = summary;
  return `${callName(call, subject)}, ${callStatus(call)}. Question: “${call.question}” ${tallyWords(summary.callPositions.tally, { kind: call.kind })}`;
}
