import type { Chair, ClaimVerdict, RaisedTechnology, RespondentClaim, ThreadCoverage } from '../analyse/index.js';
import { quotedClaim, verdicts } from '../analyse/index.js';
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

/**
 * The technologies of the report by verdict, in the answer's order: the chair's to-do list first. None
 * when the answer is an empty case (no replies, a draft the thread does not discuss, nothing raised).
 */
export function verdictGroups(report: ThreadCoverage): VerdictGroup[] {
  if (report.thread.responseCount === 0 || !report.thread.discussesDraft || report.technologies.length === 0) return [];
  return verdicts.map((verdict) => ({ verdict, ...titles[verdict], technologies: report.technologies.filter((t) => t.verdict === verdict) }));
}

/** The claim a row quotes (see `quotedClaim`). */
export function leadClaim(raised: RaisedTechnology): RespondentClaim {
  return quotedClaim(raised.claims, raised.verdict);
}

/** "2 add, 1 update": how many respondents made each kind of claim. */
export function claimTally(raised: RaisedTechnology): string {
  const counts = new Map<string, Set<string>>();
  for (const claim of raised.claims) counts.set(claim.kind, (counts.get(claim.kind) ?? new Set()).add(claim.respondent.address));
  return [...counts].map(([kind, who]) => `${who.size} ${kind}`).join(', ');
}

/** Where the quote is from, when not the message body: "in bootstrap-gaps.csv". */
export function claimSource(claim: { source: string }): string {
  return claim.source === 'body' ? '' : `in ${claim.source}`;
}

/** What the coverage answer is worded from, for the coverage report and the briefing alike. */
export interface AnswerFacts {
  draft: string;
  responseCount: number;
  discussesDraft: boolean;
  /** In verdict order, most respondents first. */
  technologies: readonly { name: string; verdict: ClaimVerdict }[];
}

/**
 * The one sentence that answers the chairs' question for this thread: no replies, a draft the thread
 * never discusses, nothing raised, nothing asked, or the counts of what to add, update and drop (the
 * counts of the report's tables).
 */
export function answerSentence(facts: AnswerFacts): string {
  const { draft } = facts;
  if (facts.responseCount === 0) return `No one has replied to this thread yet, so it says nothing about ${draft}.`;
  if (!facts.discussesDraft) return `This thread does not discuss ${draft}.`;
  if (facts.technologies.length === 0) return `Respondents raised no technology, so there is nothing to add to, update in or drop from ${draft}.`;
  const named = (verdict: ClaimVerdict) => facts.technologies.filter((t) => t.verdict === verdict).map((t) => t.name);
  const [add, update, drop, contested] = [named('to-add'), named('to-update'), named('to-drop'), named('contested')];
  if (add.length + update.length + drop.length + contested.length === 0) {
    return `Every technology respondents raised is covered by ${draft} or only mentioned in passing; nobody asked for a change.`;
  }
  const part = (names: string[], what: string) => `${names.length} to ${what}${names.length ? ` (${few(names)})` : ''}`;
  const parts = [
    `${plural(add.length, 'technology', 'technologies')} to add${add.length ? ` (${few(add)})` : ''}`,
    part(update, 'update'),
    part(drop, 'drop'),
    ...(contested.length ? [`${contested.length} contested (${few(contested)})`] : []),
  ];
  return `Respondents asked for changes to ${draft}: ${parts.join('; ')}.`;
}

/** `answerSentence` for a coverage report. */
export function coverageAnswer(report: ThreadCoverage): string {
  return answerSentence({
    draft: report.drafts.at(-1)?.name ?? 'the draft',
    responseCount: report.thread.responseCount,
    discussesDraft: report.thread.discussesDraft,
    technologies: report.technologies.map((t) => ({ name: t.technology.name, verdict: t.verdict })),
  });
}

/** Up to three names, then how many more. */
function few(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/** The stderr line saying who was taken as chair and why (their messages are not responses); `nameThem`: how the user names chairs. */
export function chairsNote(chairs: readonly Chair[], nameThem = 'with --chair'): string {
  if (chairs.length === 0) return `chairs: none found (name them ${nameThem}); only the opener is not counted as a respondent\n`;
  return `chairs (not counted as respondents): ${chairs.map((chair) => `${chair.name || chair.address} <${chair.address}>: ${chair.why}`).join('; ')}\n`;
}
