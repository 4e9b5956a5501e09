import { listsOfCopies } from '../mail/index.js';
import { draftLabel } from '../draft/index.js';
import { isQuestion, type Sentence, substantiveSentences, type Taxonomy } from '../nlp/index.js';
import type { StoredMessage, Store } from '../store/index.js';
import { subThreadStarts } from '../thread/index.js';
import { analyseMessage, type ThreadCoverage } from './coverage.js';
import { gistsOf } from './summary-gist.js';
import { firstArchiveUrl } from './message-link.js';
import { normalised, quotedText } from './quoted.js';
import type { MessagePosition, Stance } from './summary-positions.js';
import { type ChairsCall, detectCall } from './calls.js';
import { type Chair, findChairs, storedChairRoles } from './chairs.js';
import { type CallPosition, type CallPositions, type MessageStand, positionsOnCall } from './positions.js';
import { implausiblyDated } from './plausible-dates.js';

export type { MessagePosition, Stance } from './summary-positions.js';

/** At most this many characters of the root's own text open the summary, cut at a sentence end. */
const openingLength = 600;

export interface ThreadHeader {
  root: string;
  /** Base subject of the root. */
  subject: string;
  /** Every list a message of the thread was posted to, sorted. */
  lists: string[];
  firstDate: Date | null;
  lastDate: Date | null;
  messageCount: number;
  /** Each person once (across addresses and lists), in order of their first message. */
  participants: { name: string; messageCount: number }[];
  /** Who opened the thread, and where. */
  openedBy: { name: string; date: Date | null; url: string | null };
  /** The root's own words without greeting and sign-off, shortened at a sentence end. */
  opening: string;
  /** The root's first sentence that ends in `?`, or null. */
  question: string | null;
}

export interface TimelineEntry {
  messageId: string;
  /** 0 for the root. */
  depth: number;
  date: Date | null;
  /** The participant's name. */
  author: string;
  lists: string[];
  /** The first list copy's archive link. */
  url: string | null;
  /** The most informative sentence of the message's own words (never quoted text); empty if it has none. */
  gist: string;
  /** The new base subject when this reply changed its parent's: it opens a sub-thread; else null. */
  subThread: string | null;
  position: MessagePosition | null;
}

/** Where a person stands: the position of their latest message that states one. */
export interface ParticipantPosition extends MessagePosition {
  participant: string;
  messageId: string;
}

export interface TechnologyVerdict {
  /** `name-rev` of the draft. */
  draft: string;
  covered: boolean;
  sections: { number: string; title: string }[];
}

export interface TechnologyRaised {
  id: string;
  name: string;
  /** People whose own words name it, in order of first mention. */
  raisedBy: string[];
  /** Message-IDs, in thread order. */
  messages: string[];
  /** One per draft, in the order the drafts were given; empty when no draft was given. */
  verdicts: TechnologyVerdict[];
}

export interface OpenQuestion {
  messageId: string;
  author: string;
  date: Date | null;
  url: string | null;
  question: string;
}

export interface ThreadSummaryReport {
  header: ThreadHeader;
  /** Thread order: depth first, replies under what they answer. */
  timeline: TimelineEntry[];
  /** One per person who stated a position: support, then oppose, then changes; by name within each. */
  positions: ParticipantPosition[];
  /** `name-rev` of each draft the verdicts are about; empty without coverage. */
  drafts: string[];
  technologies: TechnologyRaised[];
  openQuestions: OpenQuestion[];
  /** The chairs' call the thread is about, or null when it is none. */
  call: ChairsCall | null;
  /** Who was taken as chair, and why (see `findChairs`). */
  chairs: Chair[];
  /** Where each participant stands on the call (or on the opening question), with tally and objections. */
  callPositions: CallPositions;
}

export interface SummaryOptions {
  /** The working group's chairs, by address or name: what they write as chairs states no position. */
  chairs?: readonly string[];
  /** The document's authors, by name or address (the authors of the coverage's drafts are added). */
  authors?: readonly string[];
  /** Finds the technologies raised when no coverage is given. */
  taxonomy?: Taxonomy;
  /** The thread's coverage analysis: technologies raised and each draft's verdict. */
  coverage?: ThreadCoverage;
}

/**
 * What a thread said: who took part, the timeline with a gist a message, positions, technologies and
 * open questions. `root` may be any message of the thread.
 */
export async function summariseThread(store: Store, root: string, options: SummaryOptions = {}): Promise<ThreadSummaryReport> {
  const threadRoot = options.coverage?.thread.root ?? (await store.message(root))?.threadRoot ?? root;
  // The coverage analysis read the thread already: its messages are the same ones, in the same order.
  const messages = options.coverage ? options.coverage.messages.map((analysis) => analysis.message) : await store.threadMessages(threadRoot);
  const sentences = messages.map((message) => substantiveSentences(message.ownText));
  const gists = gistsOf(sentences);
  const roles = await storedChairRoles(store, messages);
  const chairs = options.coverage?.chairs ?? findChairs(messages, { named: options.chairs ?? [], roles });
  const call = detectCall(messages, { chairs: options.chairs ?? [], roles });
  // The authors named, and those of the drafts judged (as their sources name them).
  const authors = [...(options.authors ?? []), ...(options.coverage?.drafts.flatMap((draft) => draft.authors ?? []) ?? [])];
  const callPositions = positionsOnCall(messages, call, { authors });
  const subThreads = new Set(subThreadStarts(messages.map((message) => ({ depth: message.threadDepth, subject: message.subject }))));
  const implausible = implausiblyDated(messages);
  const timeline = messages.map((message, i): TimelineEntry => ({
    messageId: message.messageId,
    depth: message.threadDepth,
    date: message.date,
    author: message.participant.name,
    lists: listsOfCopies([message]),
    url: urlOf(message),
    gist: gists[i] ?? '',
    subThread: subThreads.has(i) ? message.baseSubject : null,
    position: cuePosition(callPositions.messages[i]),
  }));
  return {
    header: headerOf(threadRoot, messages, sentences[0] ?? [], implausible),
    timeline,
    positions: participantPositions(callPositions),
    drafts: options.coverage?.drafts.map(draftLabel) ?? [],
    technologies: options.coverage
      ? technologiesFromCoverage(options.coverage)
      : options.taxonomy
        ? technologiesFromMentions(messages, options.taxonomy)
        : [],
    openQuestions: openQuestions(messages, sentences),
    call,
    chairs,
    callPositions,
  };
}

function headerOf(root: string, messages: StoredMessage[], rootSentences: Sentence[], implausible: Set<string>): ThreadHeader {
  const dates = messages
    .flatMap((m) => (m.date && !implausible.has(m.messageId) ? [m.date] : []))
    .sort((a, b) => a.getTime() - b.getTime());
  const participants = new Map<number, { name: string; messageCount: number }>();
  for (const { participant } of messages) {
    const seen = participants.get(participant.id) ?? { name: participant.name, messageCount: 0 };
    seen.messageCount++;
    participants.set(participant.id, seen);
  }
  const first = messages[0];
  return {
    root,
    subject: first?.baseSubject ?? '',
    lists: listsOfCopies(messages),
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    messageCount: messages.length,
    participants: [...participants.values()],
    openedBy: { name: first?.participant.name ?? '', date: first?.date ?? null, url: first ? urlOf(first) : null },
    opening: openingOf(rootSentences),
    question: rootSentences.find(isQuestion) ?? null,
  };
}

/** Whole sentences from the start while they fit; a first sentence too long on its own is cut at a word. */
function openingOf(sentences: Sentence[]): string {
  const kept: Sentence[] = [];
  for (const sentence of sentences) {
    if (kept.length > 0 && [...kept, sentence].join(' ').length > openingLength) break;
    kept.push(sentence);
  }
  const text = kept.join(' ');
  if (text.length <= openingLength) return text;
  const cut = text.slice(0, openingLength - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

const stanceOrder: Record<Stance, number> = { support: 0, oppose: 1, changes: 2 };

const cueStances: Partial<Record<CallPosition, Stance>> = { support: 'support', 'conditional-support': 'support', oppose: 'oppose', 'asks-changes': 'changes' };

/** A message's position in the cue reading: conditional support is support that is not certain. */
function cuePosition(stand: MessageStand | undefined): MessagePosition | null {
  const stance = stand ? cueStances[stand.position] : undefined;
  if (!stand || !stance) return null;
  return { stance, certain: stand.certain && stand.position !== 'conditional-support', cue: stand.cue };
}

/** Per person who stated a yes, a no or a request for changes: their last such position on the call. */
function participantPositions(positions: CallPositions): ParticipantPosition[] {
  return positions.stands
    .flatMap((stand) => {
      const last = stand.history.filter((entry) => cueStances[entry.position]).at(-1);
      const position = cuePosition(last);
      return last && position ? [{ participant: stand.participant, messageId: last.messageId, ...position }] : [];
    })
    .sort((a, b) => stanceOrder[a.stance] - stanceOrder[b.stance] || a.participant.localeCompare(b.participant));
}

function technologiesFromCoverage(coverage: ThreadCoverage): TechnologyRaised[] {
  const labels = coverage.drafts.map(draftLabel);
  return coverage.technologies.map((raised) => ({
    id: raised.technology.id,
    name: raised.technology.name,
    raisedBy: raised.respondents,
    messages: raised.messages,
    verdicts: raised.coverage.map((verdict, i) => ({ draft: labels[i] ?? '', covered: verdict.covered, sections: verdict.sections })),
  }));
}

/** Most people first, then in order of first mention. */
function technologiesFromMentions(messages: StoredMessage[], taxonomy: Taxonomy): TechnologyRaised[] {
  const raised = new Map<string, TechnologyRaised>();
  for (const { message, technologyIds } of messages.map((m) => analyseMessage(m, taxonomy))) {
    for (const id of technologyIds) {
      const entry: TechnologyRaised = raised.get(id) ?? { id, name: taxonomy.byId(id)?.name ?? id, raisedBy: [], messages: [], verdicts: [] };
      if (!entry.raisedBy.includes(message.participant.name)) entry.raisedBy.push(message.participant.name);
      if (!entry.messages.includes(message.messageId)) entry.messages.push(message.messageId);
      raised.set(id, entry);
    }
  }
  return [...raised.values()].sort((a, b) => b.raisedBy.length - a.raisedBy.length);
}

/**
 * Question sentences of the own words that nobody took up. A question counts as answered when its message
 * has a reply in the thread (any descendant), or when another message of the thread quotes it.
 */
function openQuestions(messages: StoredMessage[], sentences: Sentence[][]): OpenQuestion[] {
  const quoted = messages.map((message) => quotedText(message));
  return messages.flatMap((message, i) => {
    if (hasReply(messages, i)) return [];
    return (sentences[i] ?? [])
      .filter(isQuestion)
      .filter((question) => !quoted.some((text, j) => j !== i && text.includes(normalised(question))))
      .map((question) => ({ messageId: message.messageId, author: message.participant.name, date: message.date, url: urlOf(message), question }));
  });
}

/** Thread order is depth first, so a message has a reply exactly when the next one is deeper. */
function hasReply(messages: StoredMessage[], index: number): boolean {
  const next = messages[index + 1];
  return next !== undefined && next.threadDepth > messages[index]!.threadDepth;
}


const urlOf = firstArchiveUrl;
