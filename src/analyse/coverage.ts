import { draftCoverage } from '../draft/index.js';
import type { Draft, TechnologyCoverage } from '../draft/index.js';
import { extractMentions, findCandidates, type Taxonomy } from '../nlp/index.js';
import type { Mention, Technology } from '../nlp/index.js';
import type { StoredMessage, Store } from '../store/index.js';

/** One message of the thread, with the technologies its own words name. */
export interface MessageAnalysis {
  message: StoredMessage;
  /** The archive link to cite: the first list copy's. */
  url: string | null;
  mentions: Mention[];
  technologyIds: string[];
}

/** A technology raised in the thread, who raised it, and each draft's verdict on it. */
export interface RaisedTechnology {
  technology: Technology;
  /** Message-IDs of replies (not the opener's messages) whose own words name it, in thread order. */
  messages: string[];
  /** Names of the people who raised it, in order of first mention. */
  respondents: string[];
  /** One verdict per draft, in the order the drafts were given. */
  coverage: TechnologyCoverage[];
  /** The first mention of each message, as evidence. */
  evidence: { messageId: string; url: string | null; sentence: string; matched: string }[];
}

export interface CandidateTerm {
  term: string;
  messages: string[];
  respondents: number;
  /** Per draft: does the draft's text contain the term? */
  inDraft: boolean[];
}

export interface ThreadCoverage {
  thread: {
    root: string;
    subject: string;
    lists: string[];
    messageCount: number;
    /** People who replied, the opener of the thread and the chairs named not counted. */
    respondents: string[];
    /** Their messages. */
    responseCount: number;
  };
  drafts: Draft[];
  messages: MessageAnalysis[];
  /** Uncovered by the last draft first (the chair's to-do list), then by respondents, then by name. */
  technologies: RaisedTechnology[];
  candidates: CandidateTerm[];
  /** The taxonomy name of every technology id that appears in `messages`. */
  technologyNames: Record<string, string>;
}

export interface AnalyseOptions {
  /**
   * The working group's chairs, by address or name: like the opener, what they write in the thread
   * (a reminder, a summary of what others said) is not a response to the question.
   */
  chairs?: readonly string[];
}

export async function analyseThread(store: Store, root: string, drafts: Draft[], taxonomy: Taxonomy, options: AnalyseOptions = {}): Promise<ThreadCoverage> {
  const messages = (await store.threadMessages(root)).map((message) => analyseMessage(message, taxonomy));
  const rootMessage = messages[0]?.message;
  const isChair = chairMatcher(options.chairs ?? []);
  // The opener asked the question: what they say later (a follow-up, a summary) is not a response to it.
  const responses = messages.filter((m) => m.message.participant.id !== rootMessage?.participant.id && !isChair(m.message));
  const raised = raisedTechnologies(responses, drafts, taxonomy);
  const lists = [...new Set(messages.flatMap((m) => m.message.copies.map((c) => c.list)).filter(Boolean))].sort();
  return {
    thread: {
      root,
      subject: rootMessage?.baseSubject ?? '',
      lists,
      messageCount: messages.length,
      respondents: uniqueInOrder(responses.map((m) => m.message.participant.name)),
      responseCount: responses.length,
    },
    drafts,
    messages,
    technologies: raised,
    candidates: candidateTerms(messages, drafts, taxonomy),
    technologyNames: Object.fromEntries(
      messages.flatMap((m) => m.technologyIds).map((id) => [id, taxonomy.byId(id)?.name ?? id]),
    ),
  };
}

/** A chair is named by address (any `@` in it) or by name, either as the message gives it or as its participant. */
export function chairMatcher(chairs: readonly string[]): (message: StoredMessage) => boolean {
  const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const addresses = new Set(chairs.filter((chair) => chair.includes('@')).map((chair) => chair.trim().toLowerCase()));
  const names = new Set(chairs.filter((chair) => !chair.includes('@')).map(fold));
  return (message) =>
    addresses.has(message.from.address.toLowerCase()) || names.has(fold(message.from.name)) || names.has(fold(message.participant.name));
}

export function analyseMessage(message: StoredMessage, taxonomy: Taxonomy): MessageAnalysis {
  const mentions = extractMentions(taxonomy, message.ownText, message.messageId);
  return {
    message,
    url: message.copies.find((copy) => copy.url)?.url ?? null,
    mentions,
    technologyIds: uniqueInOrder(mentions.map((m) => m.technologyId)),
  };
}

function raisedTechnologies(messages: MessageAnalysis[], drafts: Draft[], taxonomy: Taxonomy): RaisedTechnology[] {
  const byId = new Map<string, MessageAnalysis[]>();
  for (const analysis of messages) {
    for (const id of analysis.technologyIds) byId.set(id, [...(byId.get(id) ?? []), analysis]);
  }
  const ids = [...byId.keys()];
  const verdicts = drafts.map((draft) => new Map(draftCoverage(draft, taxonomy, ids).map((c) => [c.technologyId, c])));
  const raised = ids.map((id): RaisedTechnology => {
    const raisers = byId.get(id)!;
    return {
      technology: taxonomy.byId(id)!,
      messages: raisers.map((a) => a.message.messageId),
      respondents: uniqueInOrder(raisers.map((a) => a.message.participant.name)),
      coverage: verdicts.map((verdict) => verdict.get(id) ?? notCovered(id)),
      evidence: raisers.map((a) => {
        const first = a.mentions.find((m) => m.technologyId === id)!;
        return { messageId: a.message.messageId, url: a.url, sentence: first.sentence, matched: first.matched };
      }),
    };
  });
  return raised.sort(
    (a, b) =>
      Number(coveredByLast(a)) - Number(coveredByLast(b)) ||
      b.respondents.length - a.respondents.length ||
      a.technology.name.localeCompare(b.technology.name),
  );
}

function coveredByLast(raised: RaisedTechnology): boolean {
  return raised.coverage.at(-1)?.covered ?? false;
}

function notCovered(technologyId: string): TechnologyCoverage {
  return { technologyId, covered: false, sections: [], notCoveredBecause: null };
}

function candidateTerms(messages: MessageAnalysis[], drafts: Draft[], taxonomy: Taxonomy): CandidateTerm[] {
  const texts = messages.map((a) => ({
    messageId: a.message.messageId,
    author: a.message.participant.name,
    text: a.message.ownText,
  }));
  const draftTexts = drafts.map((draft) => draft.sections.map((s) => `${s.title}\n${s.text}`).join('\n').toLowerCase());
  const comparedDrafts = drafts.map((draft) => draft.name);
  const isComparedDraft = (term: string) => comparedDrafts.some((name) => term.toLowerCase().startsWith(name));
  return findCandidates(taxonomy, texts)
    .filter((candidate) => !isComparedDraft(candidate.term))
    .map((candidate) => ({
    term: candidate.term,
    messages: candidate.messages,
    respondents: candidate.respondents,
    inDraft: draftTexts.map((text) => text.includes(candidate.term.toLowerCase())),
  }));
}

function uniqueInOrder<T>(values: T[]): T[] {
  return [...new Set(values)];
}
