import { draftCoverage, sectionTechnologies } from '../draft/index.js';
import type { Draft, TechnologyCoverage } from '../draft/index.js';
import { listsOfCopies } from '../mail/index.js';
import { extractMentions, findCandidates, messageClaims, type Claim, type ClaimKind, type Taxonomy } from '../nlp/index.js';
import type { Mention, Technology } from '../nlp/index.js';
import type { StoredMessage, Store } from '../store/index.js';
import { type Chair, findChairs, storedChairRoles } from './chairs.js';
import { type ClaimVerdict, verdictOf, verdictOrder } from './verdicts.js';

/** One message of the thread, with the technologies its own words name. */
export interface MessageAnalysis {
  message: StoredMessage;
  /** The archive link to cite: the first list copy's. */
  url: string | null;
  mentions: Mention[];
  technologyIds: string[];
  /** What the message asks of each technology (respondents' messages only; the opener's and chairs' make none). */
  claims: Claim[];
}

/** One respondent's claim on a technology, with its evidence. */
export interface RespondentClaim {
  messageId: string;
  url: string | null;
  respondent: { name: string; address: string };
  kind: ClaimKind;
  /** The evidence sentence. */
  text: string;
  matched: string;
  /** `body` or the attachment's file name. */
  source: string;
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
  /** One claim per respondent message, in thread order. */
  claims: RespondentClaim[];
  /** What the chair should do about it, judged by the last draft. */
  verdict: ClaimVerdict;
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
    /**
     * Whether the thread is about the judged draft: a message or the subject names it (without revision)
     * or its title, or the draft covers a technology respondents raised.
     */
    discussesDraft: boolean;
  };
  drafts: Draft[];
  messages: MessageAnalysis[];
  /** Uncovered by the last draft first (the chair's to-do list), then by respondents, then by name. */
  technologies: RaisedTechnology[];
  candidates: CandidateTerm[];
  /** Who was taken as chair, and why: their messages (and the opener's) are not responses. */
  chairs: Chair[];
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
  const stored = await store.threadMessages(root);
  const chairs = findChairs(stored, { named: options.chairs ?? [], roles: await storedChairRoles(store, stored) });
  const chairAddresses = new Set(chairs.map((chair) => chair.address));
  const rootMessage = stored[0];
  // The opener asked the question: what they say later (a follow-up, a summary) is not a response to it.
  const isResponse = (message: StoredMessage) =>
    message.participant.id !== rootMessage?.participant.id && !chairAddresses.has(message.from.address.toLowerCase());
  const judged = drafts.at(-1);
  const sections = judged ? sectionTechnologies(judged, taxonomy) : new Map<string, string[]>();
  const messages = stored.map((message) => analyseMessage(message, taxonomy, isResponse(message) ? sections : null));
  const responses = messages.filter((m) => isResponse(m.message));
  const raised = raisedTechnologies(responses, drafts, taxonomy);
  const lists = listsOfCopies(messages.map((m) => m.message));
  return {
    thread: {
      root,
      subject: rootMessage?.baseSubject ?? '',
      lists,
      messageCount: messages.length,
      respondents: uniqueInOrder(responses.map((m) => m.message.participant.name)),
      responseCount: responses.length,
      discussesDraft: discussesDraft(judged, messages, raised),
    },
    drafts,
    messages,
    technologies: raised,
    candidates: candidateTerms(responses, drafts, taxonomy),
    chairs,
    technologyNames: Object.fromEntries(
      messages.flatMap((m) => m.technologyIds).map((id) => [id, taxonomy.byId(id)?.name ?? id]),
    ),
  };
}

/** `sections` (the judged draft's section → technologies) when the message is a response: only responses make claims. */
export function analyseMessage(message: StoredMessage, taxonomy: Taxonomy, sections: ReadonlyMap<string, readonly string[]> | null = null): MessageAnalysis {
  const mentions = extractMentions(taxonomy, message.ownText, message.messageId);
  return {
    message,
    url: message.copies.find((copy) => copy.url)?.url ?? null,
    mentions,
    technologyIds: uniqueInOrder(mentions.map((m) => m.technologyId)),
    claims: sections ? messageClaims(taxonomy, message, message.messageId, { sectionTechnologies: sections }) : [],
  };
}

function raisedTechnologies(messages: MessageAnalysis[], drafts: Draft[], taxonomy: Taxonomy): RaisedTechnology[] {
  const byId = new Map<string, MessageAnalysis[]>();
  for (const analysis of messages) {
    for (const claim of analysis.claims) byId.set(claim.technologyId, [...(byId.get(claim.technologyId) ?? []), analysis]);
  }
  const ids = [...byId.keys()];
  const verdicts = drafts.map((draft) => new Map(draftCoverage(draft, taxonomy, ids).map((c) => [c.technologyId, c])));
  const raised = ids.map((id): RaisedTechnology => {
    const raisers = byId.get(id)!;
    const claims = raisers.map((a) => respondentClaim(a, a.claims.find((c) => c.technologyId === id)!));
    const coverage = verdicts.map((verdict) => verdict.get(id) ?? notCovered(id));
    return {
      technology: taxonomy.byId(id)!,
      messages: raisers.map((a) => a.message.messageId),
      respondents: uniqueInOrder(raisers.map((a) => a.message.participant.name)),
      coverage,
      evidence: claims.map((c) => ({ messageId: c.messageId, url: c.url, sentence: c.text, matched: c.matched })),
      claims,
      verdict: verdictOf(claims, coverage.at(-1)?.covered ?? false),
    };
  });
  return raised.sort(
    (a, b) =>
      verdictOrder(a.verdict) - verdictOrder(b.verdict) ||
      b.respondents.length - a.respondents.length ||
      a.technology.name.localeCompare(b.technology.name),
  );
}

function respondentClaim(analysis: MessageAnalysis, claim: Claim): RespondentClaim {
  const { message } = analysis;
  return {
    messageId: message.messageId,
    url: analysis.url,
    respondent: { name: message.participant.name || message.from.name, address: message.from.address },
    kind: claim.kind,
    text: claim.sentence,
    matched: claim.matched,
    source: claim.source,
  };
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
  // The draft under discussion is no candidate, nor the last word of its name (`sbootstrapping`).
  const comparedDrafts = drafts.map((draft) => draft.name).map((name) => name.toLowerCase());
  const isComparedDraft = (term: string) => comparedDrafts.some((name) => term.toLowerCase().startsWith(name) || name.endsWith(`-${term.toLowerCase()}`));
  return findCandidates(taxonomy, texts)
    .filter((candidate) => !isComparedDraft(candidate.term))
    .map((candidate) => ({
    term: candidate.term,
    messages: candidate.messages,
    respondents: candidate.respondents,
    inDraft: draftTexts.map((text) => text.includes(candidate.term.toLowerCase())),
  }));
}

function discussesDraft(draft: Draft | undefined, messages: MessageAnalysis[], raised: RaisedTechnology[]): boolean {
  if (!draft) return false;
  if (raised.some((t) => t.coverage.at(-1)?.covered)) return true;
  const names = [draft.name, draft.title].map((name) => name.trim().toLowerCase()).filter((name) => name.length > 3);
  return messages.some(({ message }) => {
    const text = `${message.subject}\n${message.ownText}`.toLowerCase();
    return names.some((name) => text.includes(name));
  });
}

function uniqueInOrder<T>(values: T[]): T[] {
  return [...new Set(values)];
}
