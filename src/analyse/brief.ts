import type { StoredMessage } from '../store/index.js';
import type { CandidateTerm, MessageAnalysis, RaisedTechnology, ThreadCoverage } from './coverage.js';
import type { Chair } from './chairs.js';
import type { ClaimKind } from '../nlp/index.js';
import { type ClaimVerdict, quotedClaim } from './verdicts.js';
import type { OpenQuestion, ParticipantPosition, Stance, ThreadSummaryReport } from './summary.js';
import type { ChairsCall } from './calls.js';
import type { CallTally, Objection, ParticipantStand } from './positions.js';
import { isoDay, largest } from '../core/index.js';
import { implausiblyDated } from './plausible-dates.js';

/** The data of the briefing's charts. */
export interface DailyMessages {
  /** Days for a thread of a few months; weeks, months or years for a longer one, so bars stay few. */
  unit?: 'day' | 'week' | 'month' | 'year';
  /** The first day of every period from the first message to the last, `YYYY-MM-DD`, gaps included. */
  days: string[];
  lists: string[];
  /** `counts[day][list]`: messages of that day with a copy in that list. */
  counts: number[][];
}

export interface TechnologyBar {
  name: string;
  respondents: number;
  covered: boolean;
}

export interface PositionCounts {
  certain: Record<Stance, number>;
  uncertain: Record<Stance, number>;
  /** Respondents who stated no position. */
  none: number;
}

export interface ArchiveCopy {
  list: string;
  url: string | null;
}

/** A technology as the briefing shows it, judged by the last draft given. */
export interface BriefTechnology {
  id: string;
  name: string;
  /** Each person who raised it, with the first message in which they did. */
  raisedBy: { name: string; url: string | null }[];
  /** The claim its verdict rests on (see `quotedClaim`), and the words in it that named it; `source`: `body` or the attachment's file name. */
  quote: { author: string; sentence: string; matched: string; url: string | null; source: string };
  /** What the chair should do about it (see `verdictOf`). */
  verdict: ClaimVerdict;
  /** How many respondents made each kind of claim on it. */
  claimCounts: Partial<Record<ClaimKind, number>>;
  covered: boolean;
  /** Sections of the last draft that cover it. */
  sections: { number: string; title: string }[];
  /** Per draft, in the order given: does it cover the technology? */
  coveredByDraft: boolean[];
}

export interface BriefParticipant {
  name: string;
  position: ParticipantPosition | null;
  /** Their messages in thread order, each with every list copy's archive link. */
  messages: { messageId: string; date: Date | null; copies: ArchiveCopy[] }[];
}

/** Everything the chair briefing shows, gathered from the store, the drafts and the analyses. */
export interface Brief {
  root: string;
  subject: string;
  lists: string[];
  /** `name-rev` of each draft, in the order given; the last is the one judged. */
  drafts: string[];
  messageCount: number;
  /** Messages of the respondents: the opener's and the chairs' are not responses. */
  responseCount: number;
  firstDate: Date | null;
  lastDate: Date | null;
  question: { author: string; date: Date | null; url: string | null; text: string };
  /** People who replied (the opener only if they replied too). */
  respondents: string[];
  /** Where each respondent stands (from the thread summary); the opener's question states none. */
  positions: ParticipantPosition[];
  /** Questions in the own words that no later message took up. */
  openQuestions: OpenQuestion[];
  /** In verdict order (to-add, to-update, to-drop, contested, covered, mentioned), then by respondents and name. */
  technologies: BriefTechnology[];
  /** Whether the thread is about the judged draft (see `ThreadCoverage`). */
  discussesDraft: boolean;
  /** Who was taken as chair, and why. */
  chairs: Chair[];
  /** What the chairs wrote after the opening message (a summary, a reminder): their statements, not responses. */
  chairStatements: { author: string; date: Date | null; url: string | null; text: string }[];
  candidates: CandidateTerm[];
  /** Everyone who wrote in the thread, in order of their first message. */
  participants: BriefParticipant[];
  /** Messages whose dates cannot be right (centuries ahead, in the future): left out of the span and charts. */
  implausibleDates?: { messageId: string; author: string; date: Date; url: string | null }[];
  charts: { messagesPerDay: DailyMessages; technologies: TechnologyBar[]; positions: PositionCounts };
  /** The chairs' call the thread is about, the positions on it, their tally and the objections; null when it is no call. */
  call: { call: ChairsCall; tally: CallTally; stands: ParticipantStand[]; objections: Objection[] } | null;
}

/** What the briefing shows, from the thread's coverage analysis and its summary (each made once). */
export function gatherBrief(coverage: ThreadCoverage, summary: ThreadSummaryReport): Brief {
  const { root } = coverage.thread;
  const { header } = summary;
  const messages = coverage.messages.map((m) => m.message);
  const technologies = coverage.technologies.map((raised) => briefTechnology(raised, coverage.messages));
  const respondents = coverage.thread.respondents;
  const { positions } = summary;
  const implausible = implausiblyDated(messages);
  const oddlyDated = coverage.messages.filter(({ message }) => implausible.has(message.messageId));
  return {
    root,
    subject: header.subject,
    lists: header.lists,
    drafts: summary.drafts,
    messageCount: header.messageCount,
    responseCount: coverage.thread.responseCount,
    firstDate: header.firstDate,
    lastDate: header.lastDate,
    question: { author: header.openedBy.name, date: header.openedBy.date, url: header.openedBy.url, text: messages[0]?.ownText.trim() ?? '' },
    respondents,
    positions,
    openQuestions: summary.openQuestions,
    technologies,
    discussesDraft: coverage.thread.discussesDraft,
    chairs: coverage.chairs,
    chairStatements: chairStatements(coverage),
    candidates: coverage.candidates,
    participants: participantsOf(messages, positions),
    implausibleDates: oddlyDated.map(({ message, url }) => ({ messageId: message.messageId, author: message.participant.name, date: message.date!, url })),
    charts: {
      messagesPerDay: messagesPerPeriod(messages.filter((m) => !implausible.has(m.messageId)), header.lists),
      technologies: technologies.map((t) => ({ name: t.name, respondents: t.raisedBy.length, covered: t.covered })),
      positions: positionCounts(positions, respondents),
    },
    call: summary.call
      ? { call: summary.call, tally: summary.callPositions.tally, stands: summary.callPositions.stands, objections: summary.callPositions.objections }
      : null,
  };
}

function briefTechnology(raised: RaisedTechnology, messages: MessageAnalysis[]): BriefTechnology {
  const authorOf = new Map(messages.map((m) => [m.message.messageId, m.message.participant.name]));
  const raisedBy = new Map<string, string | null>();
  for (const evidence of raised.evidence) {
    const name = authorOf.get(evidence.messageId) ?? '';
    if (!raisedBy.has(name)) raisedBy.set(name, evidence.url);
  }
  const lead = quotedClaim(raised.claims, raised.verdict);
  const judged = raised.coverage.at(-1);
  const claimCounts: Partial<Record<ClaimKind, number>> = {};
  for (const kind of new Set(raised.claims.map((c) => c.kind))) {
    claimCounts[kind] = new Set(raised.claims.filter((c) => c.kind === kind).map((c) => c.respondent.address)).size;
  }
  return {
    id: raised.technology.id,
    name: raised.technology.name,
    raisedBy: [...raisedBy].map(([name, url]) => ({ name, url })),
    quote: { author: authorOf.get(lead.messageId) ?? '', sentence: lead.text, matched: lead.matched, url: lead.url, source: lead.source },
    verdict: raised.verdict,
    claimCounts,
    covered: judged?.covered ?? false,
    sections: judged?.covered ? judged.sections : [],
    coveredByDraft: raised.coverage.map((c) => c.covered),
  };
}

function chairStatements(coverage: ThreadCoverage): Brief['chairStatements'] {
  const chairs = new Set(coverage.chairs.map((chair) => chair.address));
  return coverage.messages
    .slice(1)
    .filter((m) => chairs.has(m.message.from.address.toLowerCase()) && m.message.ownText.trim() !== '')
    .map((m) => ({ author: m.message.participant.name, date: m.message.date, url: m.url, text: m.message.ownText.trim() }));
}

function participantsOf(messages: StoredMessage[], positions: ParticipantPosition[]): BriefParticipant[] {
  const byId = new Map<number, BriefParticipant>();
  for (const message of messages) {
    const { id, name } = message.participant;
    const participant = byId.get(id) ?? { name, position: positions.find((p) => p.participant === name) ?? null, messages: [] };
    participant.messages.push({
      messageId: message.messageId,
      date: message.date,
      copies: message.copies.map((copy) => ({ list: copy.list, url: copy.url })),
    });
    byId.set(id, participant);
  }
  return [...byId.values()];
}


/** At most this many bars' groups in the chart: a longer thread is counted by week, month or year. */
const maxPeriods = 120;
const dayLength = 86_400_000;

/** The start (UTC) of the period of `unit` that holds `time`. */
type PeriodUnit = NonNullable<DailyMessages['unit']>;

function periodStart(time: number, unit: PeriodUnit): number {
  const date = new Date(Math.floor(time / dayLength) * dayLength);
  if (unit === 'week') return date.getTime() - ((date.getUTCDay() + 6) % 7) * dayLength;
  if (unit === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  if (unit === 'year') return Date.UTC(date.getUTCFullYear(), 0, 1);
  return date.getTime();
}

function nextPeriod(start: number, unit: PeriodUnit): number {
  const date = new Date(start);
  if (unit === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  if (unit === 'year') return Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  return start + (unit === 'week' ? 7 : 1) * dayLength;
}

/** The finest unit that keeps the span within `maxPeriods` (years always do, up to the year 9999). */
function unitFor(first: number, last: number): PeriodUnit {
  const span = (last - first) / dayLength;
  if (span < maxPeriods) return 'day';
  if (span / 7 < maxPeriods - 1) return 'week';
  if (span / 30.4 < maxPeriods - 1) return 'month';
  return 'year';
}

/** Counts per UTC period and list, every period of the span present so the chart's axis is true to time. */
function messagesPerPeriod(messages: StoredMessage[], lists: string[]): DailyMessages {
  const dated = messages.filter((m): m is StoredMessage & { date: Date } => m.date !== null);
  if (dated.length === 0) return { unit: 'day', days: [], lists, counts: [] };
  const times = dated.map((m) => m.date.getTime());
  const [first, last] = [-largest(times.map((t) => -t)), largest(times)];
  const unit = unitFor(first, last);
  const index = new Map<number, number>();
  const days: string[] = [];
  for (let t = periodStart(first, unit); t <= last; t = nextPeriod(t, unit)) {
    index.set(t, days.length);
    days.push(isoDay(new Date(t)));
  }
  const counts = days.map(() => lists.map(() => 0));
  for (const message of dated) {
    const row = counts[index.get(periodStart(message.date.getTime(), unit))!]!;
    for (const list of new Set(message.copies.map((c) => c.list))) {
      const column = lists.indexOf(list);
      if (column >= 0) row[column]! += 1;
    }
  }
  return { unit, days, lists, counts };
}

function positionCounts(positions: ParticipantPosition[], respondents: string[]): PositionCounts {
  const zero = () => ({ support: 0, oppose: 0, changes: 0 });
  const counts: PositionCounts = { certain: zero(), uncertain: zero(), none: 0 };
  for (const position of positions) counts[position.certain ? 'certain' : 'uncertain'][position.stance] += 1;
  const stated = new Set(positions.map((p) => p.participant));
  counts.none = respondents.filter((name) => !stated.has(name)).length;
  return counts;
}
