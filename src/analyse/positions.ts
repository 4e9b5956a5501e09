import { collapse, isQuestion, sentencesOf } from '../nlp/index.js';
import type { StoredMessage } from '../store/index.js';
import cues from './call-cues.json' with { type: 'json' };
import type { CallKind, ChairsCall } from './calls.js';
import { firstArchiveUrl } from './message-link.js';
import { organisationOf } from './organisations.js';
import { normalised, quotedText } from './quoted.js';
import { positionOf } from './summary-positions.js';
import { implausiblyDated } from './plausible-dates.js';

/** Where someone stands on a call's question. */
export type CallPosition = 'support' | 'conditional-support' | 'oppose' | 'asks-changes' | 'question' | 'neutral' | 'none';

/** The order tallies and tables list positions in. */
export const callPositions: readonly CallPosition[] = ['support', 'conditional-support', 'oppose', 'asks-changes', 'question', 'neutral', 'none'];

/** The position one message states, from its own words only (quoted text never counts). */
export interface MessageStand {
  messageId: string;
  date: Date | null;
  url: string | null;
  position: CallPosition;
  /** On a poll: the option(s) chosen. */
  options: string[];
  /** False when hedged (`I'd rather …, but I can live with it`, `I don't object, though …`) or mixed. */
  certain: boolean;
  /** The sentence that states it; `''` for `none`. */
  text: string;
  /** The words in it that decided (`+1`, `I support adoption`, `Works for me`); `''` for `none`. */
  cue: string;
  /** A `+1` to an earlier message that stated a position takes that position: that message's Message-ID. */
  inheritedFrom: string | null;
}

/** A participant's position on the call: the last one they stated, with every earlier one kept. */
export interface ParticipantStand {
  participant: string;
  address: string;
  /** From the address domain (organisations.json); null for personal mail and unknown. */
  organisation: string | null;
  isAuthor: boolean;
  isChair: boolean;
  position: CallPosition;
  options: string[];
  certain: boolean;
  /** The message and sentence that state `position`; null when they stated none. */
  evidence: { messageId: string; text: string; url: string | null } | null;
  /** Each of their messages that stated a position, oldest first (the last is `position` unless only a question followed). */
  history: MessageStand[];
}

export interface Objection {
  participant: string;
  messageId: string;
  url: string | null;
  text: string;
  /** The objector's last position is no longer `oppose`. */
  withdrawn: boolean;
  /** The first later message of an author or a chair that quotes the objection's own words. */
  answeredBy: { participant: string; messageId: string; url: string | null } | null;
}

export interface CallTally {
  /** Participants counted: everyone but the chairs speaking as chairs. */
  participants: number;
  counts: Record<CallPosition, number>;
  /** Distinct known organisations among supporters (conditional included) and among objectors. */
  organisations: { support: number; oppose: number; supportUnknown: number; opposeUnknown: number };
  /** On a poll: participants choosing each option. */
  options: Record<string, number>;
  /** Why no tally should be shown (most replies state nothing readable), or null. */
  withheld: string | null;
}

export interface CallPositions {
  /** One per participant other than the call's opener, in order of first message. */
  stands: ParticipantStand[];
  /** One per message of the thread, in thread order. */
  messages: MessageStand[];
  tally: CallTally;
  objections: Objection[];
}

export interface PositionOptions {
  /** The document's authors, by name or address (from the draft when it is given). */
  authors?: readonly string[];
}

const compile = (phrases: readonly string[], flags = 'iu') => phrases.map((phrase) => new RegExp(phrase, flags));
const answers = cues.answers;
const supportCues = compile(answers.support);
const agreementCues = compile(answers.agreement);
const opposeCues = compile(answers.oppose);
const neutralCues = compile(answers.neutral);
const reviewCues = compile(answers.review);
const choiceCues = compile(answers.choice, 'u');
const condition = new RegExp(answers.condition, 'iu');
const plusOneTarget = new RegExp(answers.plusOneTarget, 'u');
const authorSelf = new RegExp(answers.authorSelf, 'iu');
const hatOff = compile(cues.chairHatOff);
const doubt = new RegExp(answers.doubt, 'iu');
const negator = /(?:\b(?:not|never|no|cannot|hardly)\b|n't\b)/iu;
const stances: readonly CallPosition[] = ['support', 'conditional-support', 'oppose'];

/** What a reader needs of the call to read an answer: its kind, its question's words, a poll's options. */
interface ReadingContext {
  kind: CallKind | null;
  questionWords: Set<string>;
  options: string[];
  /** The message answers the call itself (or a chair's message about it), not someone's reply. */
  answersCall: boolean;
}

interface SentenceReading {
  position: CallPosition;
  certain: boolean;
  text: string;
  cue: string;
  options: string[];
  plusOne: boolean;
  /** An explicit cue (`I support`, `+1`, `needs more work`) is better evidence than agreement (`Yes.`). */
  explicit: boolean;
}

/**
 * Each participant's position on the call (or, with no call, on the thread's opening question), from
 * their own words: explicit cues, agreement with the question, a poll's options, `+1` to an earlier
 * message, questions; the last stated position counts and the earlier ones are kept.
 */
export function positionsOnCall(messages: readonly StoredMessage[], call: ChairsCall | null, options: PositionOptions = {}): CallPositions {
  const opening = call ? messages.find((m) => m.messageId === call.opened.messageId) : messages[0];
  const chairs = new Set(call?.chairs ?? (opening ? [opening.participant.name] : []));
  const chairMessages = new Set(messages.filter((m) => chairs.has(m.participant.name) && !hatOff.some((cue) => cue.test(m.ownText))).map((m) => m.messageId));
  const context = (message: StoredMessage): ReadingContext => ({
    kind: call?.kind ?? null,
    questionWords: contentWords(call?.question ?? ''),
    options: call?.options ?? [],
    answersCall: message.inReplyTo === null || message.inReplyTo === opening?.messageId || chairMessages.has(message.inReplyTo),
  });
  const byId = new Map<string, MessageStand>();
  const stands = messages.map((message): MessageStand => {
    const base = { messageId: message.messageId, date: message.date, url: firstArchiveUrl(message), inheritedFrom: null };
    if (message === opening || chairMessages.has(message.messageId)) return { ...base, ...nothing };
    const reading = readMessage(message.ownText, context(message));
    const stand = { ...base, ...inherited(message, reading, byId, messages, opening?.messageId ?? null) };
    byId.set(message.messageId, stand);
    return stand;
  });
  const authorOf = authorMatcher(options.authors ?? [], call?.documents ?? [], messages);
  const participants = participantStands(messages, stands, opening, chairs, authorOf);
  return {
    stands: participants,
    messages: stands,
    tally: tallyOf(participants, messages, stands, chairMessages, opening),
    objections: objectionsOf(messages, stands, participants),
  };
}

const nothing = { position: 'none' as const, certain: true, text: '', cue: '', options: [] as string[], plusOne: false, explicit: false };

/** One message's reading: a yes or no first, then asking for changes, neutrality, a question, nothing. */
export function readMessage(ownText: string, context: ReadingContext): SentenceReading {
  const readings = sentencesOf(ownText).flatMap((sentence) => readSentence(sentence, context));
  const chosen = combine(readings);
  const chosenOptions = [...new Set(readings.flatMap((r) => r.options))];
  if (chosen) return { ...chosen, options: chosenOptions };
  if (chosenOptions.length > 0) {
    const first = readings.find((r) => r.options.length > 0)!;
    return { ...first, position: 'support', options: chosenOptions };
  }
  return nothing;
}

function combine(readings: SentenceReading[]): SentenceReading | null {
  const decided = readings.filter((r) => stances.includes(r.position));
  if (decided.length > 0) {
    const kinds = new Set(decided.map((r) => (r.position === 'oppose' ? 'no' : 'yes')));
    if (kinds.size > 1) return { ...decided.at(-1)!, certain: false };
    const chosen = decided.find((r) => r.position === 'conditional-support') ?? decided.find((r) => r.explicit) ?? decided[0]!;
    return { ...chosen, certain: decided.every((r) => r.certain), plusOne: decided.every((r) => r.plusOne) };
  }
  for (const position of ['asks-changes', 'neutral', 'question'] as const) {
    const found = readings.find((r) => r.position === position);
    if (found) return found;
  }
  return null;
}

function readSentence(sentence: string, context: ReadingContext): SentenceReading[] {
  const reading = (position: CallPosition, certain = true, plusOne = false, cue = sentence): SentenceReading => ({
    position,
    certain,
    text: sentence,
    cue,
    options: [],
    plusOne,
    explicit: false,
  });
  const found: SentenceReading[] = [];
  const cue = positionOf(sentence);
  const options = context.kind === 'poll' ? choicesIn(sentence, context.options) : [];
  if (options.length > 0) found.push({ ...reading('support', true, cue?.cue === '+1', cue?.cue), options });
  if (cue) {
    const afterCue = sentence.slice(sentence.indexOf(cue.cue) + cue.cue.length);
    const position = cue.stance === 'oppose' ? 'oppose' : cue.stance === 'changes' ? 'asks-changes' : condition.test(afterCue) ? 'conditional-support' : 'support';
    found.push({ ...reading(position, cue.certain, cue.cue === '+1', cue.cue), explicit: true });
    return found;
  }
  const support = matchIn(sentence, supportCues) ?? (agrees(sentence, context) ? matchIn(sentence, agreementCues) : null);
  if (support && !doubt.test(sentence.slice(0, support.index))) {
    const negated = negator.test(clauseBefore(sentence, support.index)) && !/object/iu.test(support[0]);
    const after = sentence.slice(support.index + support[0].length);
    if (negated) found.push(reading('oppose', true, false, support[0]));
    else found.push(reading(condition.test(after) ? 'conditional-support' : 'support', !/\b(?:though|although|but|rather)\b/iu.test(sentence), false, support[0]));
    return found;
  }
  const against = matchIn(sentence, opposeCues);
  if (against) return [...found, reading('oppose', true, false, against[0])];
  const review = context.kind === 'last-call' ? matchIn(sentence, reviewCues) : null;
  if (review) return [...found, reading('asks-changes', true, false, review[0])];
  const neutral = matchIn(sentence, neutralCues);
  if (neutral) return [...found, reading('neutral', true, false, neutral[0])];
  if (isQuestion(sentence)) return [...found, reading('question')];
  return found;
}

/** Agreement (`Agreed.`, `works for me`) answers the call when it replies to it or names what it asks. */
function agrees(sentence: string, context: ReadingContext): boolean {
  if (context.answersCall) return true;
  const words = contentWords(sentence);
  return [...words].some((word) => context.questionWords.has(word));
}

function matchIn(sentence: string, patterns: RegExp[]): RegExpExecArray | null {
  for (const pattern of patterns) {
    const match = pattern.exec(sentence);
    if (match) return match;
  }
  return null;
}

function clauseBefore(sentence: string, at: number): string {
  const clause = sentence.slice(0, at).split(/[,;:()]|\bbut\b/u).at(-1) ?? '';
  return clause.trim().split(/\s+/u).slice(-4).join(' ');
}

/** The poll options a sentence chooses (`I prefer option B`, `B, with …`, `I can live with either A or B`). */
function choicesIn(sentence: string, offered: string[]): string[] {
  const chosen: string[] = [];
  for (const pattern of choiceCues) {
    const match = pattern.exec(sentence);
    if (!match) continue;
    for (const label of match.slice(1)) if (label) chosen.push(label.toUpperCase());
  }
  return [...new Set(chosen)].filter((label) => offered.length === 0 || offered.includes(label));
}

const stopWords = new Set(['about', 'after', 'again', 'would', 'could', 'should', 'there', 'their', 'these', 'those', 'which', 'whether', 'please', 'reply', 'agree', 'think', 'rather', 'instead', 'other']);

function contentWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}{5,}/gu) ?? []).filter((word) => !stopWords.has(word)).map((word) => word.slice(0, 7)));
}

/**
 * A `+1` (and nothing more decided) that answers an earlier message stating a position takes that
 * position: `+1 to what Bob said` under Bob's support, `+1 to Frank` under Frank's objection. A `+1`
 * under the call itself, or under a message that stated nothing, supports the call.
 */
function inherited(
  message: StoredMessage,
  reading: SentenceReading,
  byId: Map<string, MessageStand>,
  messages: readonly StoredMessage[],
  openingId: string | null,
): Omit<MessageStand, 'messageId' | 'date' | 'url'> {
  const own = { position: reading.position, options: reading.options, certain: reading.certain, text: reading.text, cue: reading.cue, inheritedFrom: null };
  if (!reading.plusOne || message.inReplyTo === openingId) return own;
  const target = targetOf(message, reading.text, byId, messages);
  if (!target || target.position === 'none' || target.position === 'question') return own;
  return { ...own, position: target.position, options: [...new Set([...target.options, ...reading.options])], inheritedFrom: target.messageId };
}

/** The message a `+1` answers: the one it replies to, or the last stated one of the person it names. */
function targetOf(message: StoredMessage, text: string, byId: Map<string, MessageStand>, messages: readonly StoredMessage[]): MessageStand | null {
  const parent = message.inReplyTo ? byId.get(message.inReplyTo) : undefined;
  const named = plusOneTarget.exec(collapse(text))?.[1]?.toLowerCase();
  const namedAuthor = named ? messages.filter((m) => m.participant.name.toLowerCase().split(/\s+/u).includes(named)) : [];
  if (parent && (namedAuthor.length === 0 || namedAuthor.some((m) => m.messageId === parent.messageId))) return parent;
  const earlier = namedAuthor.map((m) => byId.get(m.messageId)).filter((s): s is MessageStand => s !== undefined && s.position !== 'none');
  return earlier.at(-1) ?? parent ?? null;
}

type AuthorMatcher = (message: StoredMessage) => boolean;

/**
 * An author: named in `authors` (by name or address), saying so (`as a co-author`), or, for an
 * individual draft (`draft-doe-…`), bearing the surname the draft is named after.
 */
function authorMatcher(authors: readonly string[], documents: string[], messages: readonly StoredMessage[]): AuthorMatcher {
  const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();
  const given = new Set(authors.map(fold));
  const surnames = new Set(documents.map((d) => /^draft-([a-z]+)-/u.exec(d)?.[1] ?? '').filter((word) => word && !['ietf', 'irtf', 'iab', 'rfc'].includes(word)));
  const selfNamed = new Set(messages.filter((m) => authorSelf.test(m.ownText)).map((m) => m.participant.id));
  return (message) => {
    const name = fold(message.participant.name);
    return given.has(name) || given.has(fold(message.from.address)) || selfNamed.has(message.participant.id) || surnames.has(name.split(/\s+/u).at(-1) ?? '');
  };
}

function participantStands(
  messages: readonly StoredMessage[],
  stands: MessageStand[],
  opening: StoredMessage | undefined,
  chairs: Set<string>,
  isAuthor: AuthorMatcher,
): ParticipantStand[] {
  const implausible = implausiblyDated(messages);
  const byPerson = new Map<number, { message: StoredMessage; stands: MessageStand[] }>();
  messages.forEach((message, i) => {
    if (message === opening) return;
    const entry = byPerson.get(message.participant.id) ?? { message, stands: [] };
    entry.stands.push(stands[i]!);
    byPerson.set(message.participant.id, entry);
  });
  return [...byPerson.values()].map(({ message, stands: own }) => {
    // A message whose date cannot be right (a clock centuries ahead) is taken as the oldest, so it never has the last word.
    const time = (stand: MessageStand) => (implausible.has(stand.messageId) ? 0 : (stand.date?.getTime() ?? 0));
    const history = own.filter((s) => s.position !== 'none').sort((a, b) => time(a) - time(b));
    // A later question does not undo a stated position.
    const decided = history.filter((s) => s.position !== 'question').at(-1) ?? history.at(-1) ?? null;
    const withOptions = history.filter((s) => s.options.length > 0).at(-1);
    return {
      participant: message.participant.name,
      address: message.from.address,
      organisation: organisationOf(message.from.address),
      isAuthor: isAuthor(message),
      isChair: chairs.has(message.participant.name),
      position: decided?.position ?? 'none',
      options: withOptions?.options ?? [],
      certain: decided?.certain ?? true,
      evidence: decided ? { messageId: decided.messageId, text: decided.text, url: decided.url } : null,
      history,
    };
  });
}

function tallyOf(
  stands: ParticipantStand[],
  messages: readonly StoredMessage[],
  messageStands: MessageStand[],
  chairMessages: Set<string>,
  opening: StoredMessage | undefined,
): CallTally {
  // A chair counts only with a position taken as an individual (hat off), not for a question asked.
  const counted = stands.filter((s) => !s.isChair || !['none', 'question'].includes(s.position));
  const counts = Object.fromEntries(callPositions.map((p) => [p, 0])) as Record<CallPosition, number>;
  for (const stand of counted) counts[stand.position] += 1;
  const organisations = (positions: CallPosition[]) => {
    const holders = counted.filter((s) => positions.includes(s.position));
    return { known: new Set(holders.map((s) => s.organisation).filter((o) => o !== null)).size, unknown: holders.filter((s) => s.organisation === null).length };
  };
  const support = organisations(['support', 'conditional-support']);
  const oppose = organisations(['oppose']);
  const options: Record<string, number> = {};
  for (const stand of counted) for (const option of stand.options) options[option] = (options[option] ?? 0) + 1;
  const replies = messages.map((m, i) => ({ m, stand: messageStands[i]! })).filter(({ m }) => m !== opening && !chairMessages.has(m.messageId));
  const unreadable = replies.filter(({ stand }) => stand.position === 'none').length;
  const withheld =
    replies.length > 0 && unreadable * 2 > replies.length
      ? `${unreadable} of the ${replies.length} replies state no position that can be read, so a count would mislead`
      : null;
  return {
    participants: counted.length,
    counts,
    organisations: { support: support.known, oppose: oppose.known, supportUnknown: support.unknown, opposeUnknown: oppose.unknown },
    options,
    withheld,
  };
}

/** Every message that objected, and the first later reply of an author or a chair that quotes its own words (for a `+1` to an objection: the objection's). */
function objectionsOf(messages: readonly StoredMessage[], stands: MessageStand[], participants: ParticipantStand[]): Objection[] {
  const answerers = new Set(participants.filter((p) => p.isAuthor || p.isChair).map((p) => p.participant));
  const quotes = messages.map(quotedText);
  const answeredAt = (i: number): number => {
    const message = messages[i]!;
    const pieces = sentencesOf(message.ownText).map(normalised).filter((s) => s.split(' ').length >= 5).map((s) => s.slice(0, 60));
    return messages.findIndex(
      (later, j) => j > i && answerers.has(later.participant.name) && later.participant.id !== message.participant.id && pieces.some((piece) => quotes[j]!.includes(piece)),
    );
  };
  return messages.flatMap((message, i) => {
    const stand = stands[i]!;
    if (stand.position !== 'oppose') return [];
    const answer = answeredAt(i);
    const final = participants.find((p) => p.participant === message.participant.name);
    // A `+1` to an objection is answered when the objection is.
    const source = stand.inheritedFrom ? messages.findIndex((m) => m.messageId === stand.inheritedFrom) : -1;
    const answerIndex = answer >= 0 ? answer : source >= 0 ? answeredAt(source) : -1;
    return [{
      participant: message.participant.name,
      messageId: message.messageId,
      url: stand.url,
      text: stand.text,
      withdrawn: final !== undefined && final.position !== 'oppose',
      answeredBy: answerIndex >= 0 ? { participant: messages[answerIndex]!.participant.name, messageId: messages[answerIndex]!.messageId, url: firstArchiveUrl(messages[answerIndex]!) } : null,
    }];
  });
}
