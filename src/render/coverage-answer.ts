import type { Chair, ClaimVerdict, RaisedTechnology, RespondentClaim, ThreadCoverage } from '../analyse/index.js';
import { verdicts } from '../analyse/index.js';
import { plural } from '../core/index.js';

export interface VerdictGroup {
  verdict: ClaimVerdict;
  title: string;
  /** What an empty group says. */
  none: string;
  technologies: RaisedTechnology[];
}

const titles: Record<ClaimVerdict, { title: string; none: string }> = {
  'to-add': { title: 'To add: asked for, not covered', none: 'Nothing respondents asked for is missing from the draft.' },
  'to-update': { title: 'To update: outdated, thin or wrong', none: 'No respondent said the coverage of a technology is outdated or thin.' },
  'to-drop': { title: 'To drop', none: 'No respondent asked to drop a technology.' },
  contested: { title: 'Contested: dropping asked by some, keeping by others', none: 'No technology is contested.' },
  covered: { title: 'Covered', none: 'None of the technologies raised is covered.' },
  mentioned: { title: 'Mentioned in passing (no request)', none: 'No passing mentions.' },
};

/** The technologies of the report by verdict, in the answer's order: the chair's to-do list first. */
export function verdictGroups(report: ThreadCoverage): VerdictGroup[] {
  return verdicts.map((verdict) => ({ verdict, ...titles[verdict], technologies: report.technologies.filter((t) => t.verdict === verdict) }));
}

const kindOfVerdict: Partial<Record<ClaimVerdict, RespondentClaim['kind']>> = { 'to-add': 'add', 'to-update': 'update', 'to-drop': 'drop', contested: 'drop' };

/** The claim to quote for a row: one of the kind its verdict rests on, else the first request, else the first claim. */
export function leadClaim(raised: RaisedTechnology): RespondentClaim {
  const kind = kindOfVerdict[raised.verdict];
  return (
    raised.claims.find((c) => c.kind === kind) ??
    raised.claims.find((c) => c.kind !== 'mention') ??
    raised.claims[0]!
  );
}

/** "2 add, 1 update": how many respondents made each kind of claim. */
export function claimTally(raised: RaisedTechnology): string {
  const counts = new Map<string, Set<string>>();
  for (const claim of raised.claims) counts.set(claim.kind, (counts.get(claim.kind) ?? new Set()).add(claim.respondent.address));
  return [...counts].map(([kind, who]) => `${who.size} ${kind}`).join(', ');
}

/** Where the quote is from, when not the message body: "in bootstrap-gaps.csv". */
export function claimSource(claim: RespondentClaim): string {
  return claim.source === 'body' ? '' : `in ${claim.source}`;
}

/**
 * The one sentence that answers the chairs' question for this thread: no replies, a draft the thread
 * never discusses, nothing raised, or the counts of what to add, update and drop.
 */
export function coverageAnswer(report: ThreadCoverage): string {
  const draft = report.drafts.at(-1)?.name ?? 'the draft';
  if (report.thread.responseCount === 0) return `No one has replied to this thread yet, so it says nothing about ${draft}.`;
  if (!report.thread.discussesDraft) return `This thread does not discuss ${draft}.`;
  if (report.technologies.length === 0) return `Respondents raised no technology, so there is nothing to add to, update in or drop from ${draft}.`;
  const count = (verdict: ClaimVerdict) => report.technologies.filter((t) => t.verdict === verdict).length;
  const [add, update, drop, contested] = [count('to-add'), count('to-update'), count('to-drop'), count('contested')];
  if (add + update + drop + contested === 0) return `Every technology respondents raised is covered by ${draft} or only mentioned in passing; nobody asked for a change.`;
  const parts = [
    `${plural(add, 'technology', 'technologies')} to add`,
    `${update} to update`,
    `${drop} to drop`,
    ...(contested ? [`${contested} contested`] : []),
  ];
  return `Respondents asked for changes to ${draft}: ${parts.join(', ')}.`;
}

/** The stderr line saying who was taken as chair and why (their messages are not responses). */
export function chairsNote(chairs: readonly Chair[]): string {
  if (chairs.length === 0) return 'chairs: none found (name them with --chair); only the opener is not counted as a respondent\n';
  return `chairs (not counted as respondents): ${chairs.map((chair) => `${chair.name || chair.address} <${chair.address}>: ${chair.why}`).join('; ')}\n`;
}
