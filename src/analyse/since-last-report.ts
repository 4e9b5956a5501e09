import { draftLabel } from '../draft/index.js';
import type { ThreadCoverage } from './coverage.js';
import type { ThreadSummaryReport } from './summary.js';
import type { CallPosition } from './positions.js';

/** What a report said, kept to tell the next one what is new. */
export interface ReportSnapshot {
  /** The report's day, `YYYY-MM-DD` (the dated files' name). */
  date: string;
  generatedAt: string;
  root: string;
  /** Message-IDs of the thread, in thread order. */
  messages: string[];
  respondents: string[];
  /** Each technology raised, and whether the judged draft covered it. */
  technologies: { id: string; name: string; covered: boolean }[];
  /** `name-rev` of the judged (last) draft. */
  draft: string | null;
  /** Each participant's position on the call; absent in snapshots made before positions were kept. */
  positions?: Record<string, CallPosition>;
}

/** A participant whose position on the call is not what the last report said. */
export interface PositionChange {
  participant: string;
  /** Null: they had not written before (or stated nothing then). */
  before: CallPosition | null;
  after: CallPosition;
  /** The message and sentence stating the new position (null when they now state none). */
  evidence: { messageId: string; text: string; url: string | null } | null;
}

export interface NewMessage {
  messageId: string;
  author: string;
  date: Date | null;
  subject: string;
  /** The first list copy's archive link. */
  url: string | null;
  /** Its most informative own sentence, as the thread summary has it. */
  gist: string;
  /** The technologies its own words name, in order of first mention. */
  technologies: { id: string; name: string }[];
}

/** What changed between the last report and this one; every list is empty in the first report. */
export interface SinceLastReport {
  /** Null: this is the first report. */
  previousReport: { date: string; generatedAt: string } | null;
  /** In thread order. */
  newMessages: NewMessage[];
  newRespondents: string[];
  /** Technologies no earlier message raised, with who raised them and the judged draft's verdict. */
  newlyRaised: { id: string; name: string; covered: boolean; raisedBy: string[] }[];
  /** Raised before and not covered then; covered by the judged draft now. */
  newlyCovered: { id: string; name: string; sections: { number: string; title: string }[] }[];
  /** Covered before, not now (a new revision dropped them). */
  noLongerCovered: { id: string; name: string }[];
  /** The judged draft is another revision (or draft) than last time. */
  newDraftRevision: { previous: string | null; current: string } | null;
  /** Whose position on the call changed (a new respondent's first position included); empty when the last report kept none. */
  positionChanges: PositionChange[];
}

export function sinceLastReport(previous: ReportSnapshot | null, coverage: ThreadCoverage, summary: ThreadSummaryReport): SinceLastReport {
  if (!previous) {
    return { previousReport: null, newMessages: [], newRespondents: [], newlyRaised: [], newlyCovered: [], noLongerCovered: [], newDraftRevision: null, positionChanges: [] };
  }
  const known = new Set(previous.messages);
  const before = new Map(previous.technologies.map((t) => [t.id, t]));
  const judged = coverage.drafts.at(-1);
  const current = judged ? draftLabel(judged) : null;
  const verdicts = coverage.technologies.map((raised) => ({ raised, verdict: raised.coverage.at(-1) }));
  return {
    previousReport: { date: previous.date, generatedAt: previous.generatedAt },
    newMessages: newMessages(coverage, summary, known),
    newRespondents: coverage.thread.respondents.filter((name) => !previous.respondents.includes(name)),
    newlyRaised: verdicts
      .filter(({ raised }) => !before.has(raised.technology.id))
      .map(({ raised, verdict }) => ({ ...idAndName(raised.technology), covered: verdict?.covered ?? false, raisedBy: raised.respondents })),
    newlyCovered: verdicts
      .filter(({ raised, verdict }) => verdict?.covered && before.get(raised.technology.id)?.covered === false)
      .map(({ raised, verdict }) => ({ ...idAndName(raised.technology), sections: verdict!.sections })),
    noLongerCovered: verdicts
      .filter(({ raised, verdict }) => !verdict?.covered && before.get(raised.technology.id)?.covered === true)
      .map(({ raised }) => idAndName(raised.technology)),
    newDraftRevision: current !== null && current !== previous.draft ? { previous: previous.draft, current } : null,
    positionChanges: positionChanges(previous.positions, summary),
  };
}

function positionChanges(before: Record<string, CallPosition> | undefined, summary: ThreadSummaryReport): PositionChange[] {
  if (!before) return [];
  return summary.callPositions.stands
    .filter((stand) => stand.position !== (before[stand.participant] ?? 'none'))
    .map((stand) => ({
      participant: stand.participant,
      before: before[stand.participant] === undefined || before[stand.participant] === 'none' ? null : before[stand.participant]!,
      after: stand.position,
      evidence: stand.evidence,
    }));
}

/** True when the section has nothing to say but that nothing is new. */
export function nothingNew(since: SinceLastReport): boolean {
  return (
    since.newMessages.length === 0 &&
    since.newRespondents.length === 0 &&
    since.newlyRaised.length === 0 &&
    since.newlyCovered.length === 0 &&
    since.noLongerCovered.length === 0 &&
    since.newDraftRevision === null &&
    since.positionChanges.length === 0
  );
}

function newMessages(coverage: ThreadCoverage, summary: ThreadSummaryReport, known: Set<string>): NewMessage[] {
  const gists = new Map(summary.timeline.map((entry) => [entry.messageId, entry.gist]));
  return coverage.messages
    .filter(({ message }) => !known.has(message.messageId))
    .map(({ message, url, technologyIds }) => ({
      messageId: message.messageId,
      author: message.participant.name,
      date: message.date,
      subject: message.subject,
      url,
      gist: gists.get(message.messageId) ?? '',
      technologies: technologyIds.map((id) => ({ id, name: coverage.technologyNames[id] ?? id })),
    }));
}

function idAndName(technology: { id: string; name: string }): { id: string; name: string } {
  return { id: technology.id, name: technology.name };
}

export function snapshotOf(coverage: ThreadCoverage, stamp: { date: string; generatedAt: string }, summary?: ThreadSummaryReport): ReportSnapshot {
  const judged = coverage.drafts.at(-1);
  return {
    ...stamp,
    root: coverage.thread.root,
    messages: coverage.messages.map((m) => m.message.messageId),
    respondents: coverage.thread.respondents,
    technologies: coverage.technologies.map((raised) => ({
      id: raised.technology.id,
      name: raised.technology.name,
      covered: raised.coverage.at(-1)?.covered ?? false,
    })),
    draft: judged ? draftLabel(judged) : null,
    ...(summary ? { positions: Object.fromEntries(summary.callPositions.stands.map((stand) => [stand.participant, stand.position])) } : {}),
  };
}
