import { isoDay } from '../core/index.js';
import { signedTextOf } from '../mail/index.js';
import { splitDraftName } from '../draft/index.js';
import { sentencesOf, substantiveSentences } from '../nlp/index.js';
import type { GroupChairs, StoredMessage } from '../store/index.js';
import cues from './call-cues.json' with { type: 'json' };
import { findChairs } from './chairs.js';
import { firstArchiveUrl } from './message-link.js';

export type CallKind = 'adoption' | 'last-call' | 'consensus' | 'ipr' | 'poll' | 'other';

/** A message of the call: who wrote it, when, and where it is archived. */
export interface CallMessage {
  messageId: string;
  date: Date | null;
  author: string;
  url: string | null;
}

/** A chairs' call found in a thread: what it asks, about which documents, until when, and how it ended. */
export interface ChairsCall {
  kind: CallKind;
  /** Draft names as the call gives them, `name-rev` when it names a revision, in order of first mention. */
  documents: string[];
  /** The sentence of the call that asks the question (or, failing one, what the kind implies). */
  question: string;
  /** A poll's options, as letters or numbers (`A`, `B`); empty for other kinds. */
  options: string[];
  /** The day the call closes, `YYYY-MM-DD`, as first announced; null when it names none. */
  deadline: string | null;
  /** The words that set the deadline (`by 13 October`, `two weeks from today`). */
  deadlineText: string | null;
  opened: CallMessage;
  /** The chairs' last statement that ends or extends the call, with its sentence. */
  closed: (CallMessage & { statement: string }) | null;
  /** Participants taken to be the chairs: the opener, the names the call is signed with, and those given. */
  chairs: string[];
}

export interface CallOptions {
  /** The chairs, by address or name (the `--chair` option or the report config). */
  chairs?: readonly string[];
  /** The datatracker's chairs of the thread's lists, as stored. */
  roles?: readonly GroupChairs[];
}

type KnownKind = Exclude<CallKind, 'other'>;
const compile = (phrases: readonly string[]) => phrases.map((phrase) => new RegExp(phrase, 'iu'));
const kindCues = Object.fromEntries(Object.entries(cues.kinds).map(([kind, phrases]) => [kind, compile(phrases)])) as Record<KnownKind, RegExp[]>;
const kindOrder = cues.order as KnownKind[];
const asksForViews = compile(cues.asksForViews);
const questionCues = compile(cues.question);
const outcomeCues = compile(cues.closing.outcome);
const endedCues = compile(cues.closing.ended);

/**
 * The chairs' call a thread is about, or null when it is none. The call is the first message (the
 * root, or a later one by a chair) whose subject or own words name a kind of call; a chair's message
 * that only asks for views on something is a call of kind `other`.
 */
export function detectCall(messages: readonly StoredMessage[], options: CallOptions = {}): ChairsCall | null {
  const chairAddresses = new Set(findChairs(messages, { named: options.chairs ?? [], roles: options.roles ?? [] }).map((chair) => chair.address));
  const isChair = (message: StoredMessage) => chairAddresses.has(message.from.address.toLowerCase());
  for (const [index, message] of messages.entries()) {
    if (index > 0 && !isChair(message)) continue;
    const kind = kindOf(message, index === 0 && signedByChairs(signedTextOf(message.segments)));
    if (!kind) continue;
    const chairs = chairsOf(message, messages, isChair);
    return {
      kind,
      documents: documentsOf(`${message.subject}\n${message.ownText}`),
      question: questionOf(message, kind),
      options: kind === 'poll' ? pollOptions(message.ownText) : [],
      ...deadlineOf(message.ownText, message.date),
      opened: callMessage(message),
      closed: closingOf(messages.slice(index + 1), chairs),
      chairs,
    };
  }
  return null;
}

/** The kind whose cues the subject (counted twice) and own words match most; ties go by `order`. */
function kindOf(message: StoredMessage, byChairs: boolean): CallKind | null {
  const text = message.ownText;
  let best: KnownKind | null = null;
  let bestScore = 0;
  for (const kind of kindOrder) {
    const score = kindCues[kind].reduce((sum, cue) => sum + (cue.test(message.subject) ? 2 : 0) + (cue.test(text) ? 1 : 0), 0);
    if (score > bestScore) [best, bestScore] = [kind, score];
  }
  if (best) return best;
  return byChairs && asksForViews.some((cue) => cue.test(text)) ? 'other' : null;
}

/** A sign-off that names the chairs: `CTRLP chairs`, `(T2TRG chairs)`, `Alice, for the chairs`. */
function signedByChairs(signedText: string): boolean {
  return signedText.trim().split('\n').slice(-3).some((line) => /\bchairs?\b/iu.test(line));
}

/** The opener and the thread's chairs (see `findChairs`), by participant name. */
function chairsOf(opening: StoredMessage, messages: readonly StoredMessage[], isChair: (message: StoredMessage) => boolean): string[] {
  const chairs = new Set([opening.participant.name]);
  for (const message of messages) if (isChair(message)) chairs.add(message.participant.name);
  return [...chairs];
}

function callMessage(message: StoredMessage): CallMessage {
  return { messageId: message.messageId, date: message.date, author: message.participant.name, url: firstArchiveUrl(message) };
}

/** `draft-…` names of the subject and own words, each once; one with a revision wins over one without. */
export function documentsOf(text: string): string[] {
  const found = new Map<string, string | null>();
  for (const [word] of text.matchAll(/\bdraft-[a-z0-9]+(?:-[a-z0-9]+)+/giu)) {
    const draft = splitDraftName(word);
    if (draft && (!found.has(draft.name) || (draft.revision && !found.get(draft.name)))) found.set(draft.name, draft.revision);
  }
  return [...found].map(([name, revision]) => (revision ? `${name}-${revision}` : name));
}

/** The first own sentence that asks (a `whether`, a `which option`, a `?`), else what the kind asks. */
function questionOf(message: StoredMessage, kind: CallKind): string {
  const sentences = substantiveSentences(message.ownText);
  for (const cue of questionCues) {
    const asking = sentences.find((sentence) => cue.test(sentence));
    if (asking) return asking;
  }
  const documents = documentsOf(`${message.subject}\n${message.ownText}`);
  const document = documents[0] ?? 'the document';
  const implied: Record<CallKind, string> = {
    adoption: `Should the group adopt ${document}?`,
    'last-call': `Is ${document} ready to go forward?`,
    consensus: `Do you agree with the proposal: ${message.baseSubject}?`,
    ipr: `Are you aware of IPR that applies to ${document}?`,
    poll: `Which option do you prefer: ${message.baseSubject}?`,
    other: message.baseSubject,
  };
  return implied[kind];
}

/** `Option A: …`, `(B) …`, `options A, B, C`: the option labels a poll offers, in order. */
export function pollOptions(text: string): string[] {
  const labels = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:option\s+)?\(?([A-H1-9])[):.]\s+\S/giu)) labels.add(match[1]!.toUpperCase());
  for (const match of text.matchAll(/\boption\s+([A-H1-9])\b/giu)) labels.add(match[1]!.toUpperCase());
  if (labels.size < 2) {
    const listed = /\boptions\s+([A-H1-9](?:\s*(?:,|and|or)\s*[A-H1-9])+)\b/iu.exec(text);
    for (const label of listed?.[1]?.split(/\s*(?:,|and|or)\s*/u) ?? []) labels.add(label.toUpperCase());
  }
  return [...labels].sort();
}

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthName = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const weekday = String.raw`(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?`;
const untilWord = String.raw`\b(?:by|until|till|through|before|deadline(?: is)?:?|ends?(?: on)?|closes?(?: on)?|ending(?: on)?|closing(?: on)?)\s+(?:the\s+)?`;
const numbers: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, a: 1 };

/** The first deadline the text states: a date after `by`/`ends on`/`until`, or `N weeks from today`, or an `N-week call`. */
export function deadlineOf(text: string, sent: Date | null): { deadline: string | null; deadlineText: string | null } {
  const flat = text.replace(/\s+/gu, ' ');
  const explicit = [
    { pattern: new RegExp(`${untilWord}${weekday}(\\d{4})-(\\d{2})-(\\d{2})\\b`, 'iu'), read: (m: RegExpExecArray) => utc(+m[1]!, +m[2]! - 1, +m[3]!) },
    {
      pattern: new RegExp(`${untilWord}${weekday}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthName}\\b,?(?:\\s+(\\d{4}))?`, 'iu'),
      read: (m: RegExpExecArray) => dayInYear(+m[1]!, m[2]!, m[3], sent),
    },
    {
      pattern: new RegExp(`${untilWord}${weekday}${monthName}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b,?(?:\\s+(\\d{4}))?`, 'iu'),
      read: (m: RegExpExecArray) => dayInYear(+m[2]!, m[1]!, m[3], sent),
    },
  ];
  for (const { pattern, read } of explicit) {
    const match = pattern.exec(flat);
    const day = match ? read(match) : null;
    if (match && day) return { deadline: isoDay(day), deadlineText: match[0].trim() };
  }
  if (!sent) return { deadline: null, deadlineText: null };
  const relative = /\b(one|two|three|four|five|six|a|\d+)[ -]weeks?\s+from\s+(?:today|now|this (?:message|email|mail))\b/iu.exec(flat)
    ?? /\b(one|two|three|four|five|six|\d+)[ -]weeks?\s+(?:adoption |last |consensus |wg |working group )*(?:call|poll|period)\b/iu.exec(flat);
  if (!relative) return { deadline: null, deadlineText: null };
  const weeks = numbers[relative[1]!.toLowerCase()] ?? Number(relative[1]);
  return { deadline: isoDay(new Date(sent.getTime() + weeks * 7 * 86_400_000)), deadlineText: relative[0] };
}

function utc(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date : null;
}

/** A day and month without a year: the first such day on or after the call was sent. */
function dayInYear(day: number, month: string, year: string | undefined, sent: Date | null): Date | null {
  const index = months.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3)));
  if (year) return utc(Number(year), index, day);
  if (!sent) return null;
  const thisYear = utc(sent.getUTCFullYear(), index, day);
  if (thisYear && thisYear.getTime() >= Date.UTC(sent.getUTCFullYear(), sent.getUTCMonth(), sent.getUTCDate())) return thisYear;
  return utc(sent.getUTCFullYear() + 1, index, day);
}

/** The last message of a chair, after the call, whose own words end or extend it, and its sentence saying the outcome (else the one saying it ended). */
function closingOf(later: readonly StoredMessage[], chairs: string[]): ChairsCall['closed'] {
  let closed: ChairsCall['closed'] = null;
  for (const message of later) {
    if (!chairs.includes(message.participant.name)) continue;
    const sentences = sentencesOf(message.ownText);
    const saying = (cueList: RegExp[]) => sentences.find((sentence) => cueList.some((cue) => cue.test(sentence)));
    const statement = saying(outcomeCues) ?? saying(endedCues);
    if (statement) closed = { ...callMessage(message), statement };
  }
  return closed;
}
