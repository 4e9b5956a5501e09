import type { Brief, BriefTechnology, ClaimVerdict } from '../analyse/index.js';
import { verdicts } from '../analyse/index.js';
import { answerSentence, claimSource } from './coverage-answer.js';

/** The briefing's coverage tables, by verdict: the chair's to-do list first, passing mentions last. */
export interface BriefVerdictGroup {
  verdict: ClaimVerdict;
  title: string;
  none: string;
  technologies: BriefTechnology[];
}

function titleOf(verdict: ClaimVerdict, draft: string): { title: string; none: string } {
  switch (verdict) {
    case 'to-add':
      return { title: `To add: asked for, not covered by ${draft}`, none: `Nothing respondents asked for is missing from ${draft}.` };
    case 'to-update':
      return { title: 'To update: outdated, thin or wrong', none: 'No respondent said the coverage of a technology is outdated or thin.' };
    case 'to-drop':
      return { title: 'To drop', none: 'No respondent asked to drop a technology.' };
    case 'contested':
      return { title: 'Contested: dropping asked by some, keeping by others', none: 'No technology is contested.' };
    case 'covered':
      return { title: `Covered by ${draft}`, none: `None of the technologies raised is covered by ${draft}.` };
    case 'mentioned':
      return { title: 'Mentioned in passing (no request)', none: 'No passing mentions.' };
  }
}

/** The verdicts that have technologies, in order: an empty case shows no table (the answer says it once). */
export function briefVerdictGroups(brief: Brief): BriefVerdictGroup[] {
  if (brief.responseCount === 0 || !brief.discussesDraft) return [];
  const draft = brief.drafts.at(-1) ?? 'the draft';
  return verdicts
    .map((verdict) => ({ verdict, ...titleOf(verdict, draft), technologies: brief.technologies.filter((t) => t.verdict === verdict) }))
    .filter((group) => group.technologies.length > 0);
}

/** The third sentence of the briefing's answer: the counts of the verdict tables, or the one thing true of an empty case. */
export function briefCoverageSentence(brief: Brief): string {
  return answerSentence({
    draft: brief.drafts.at(-1) ?? 'the draft',
    responseCount: brief.responseCount,
    discussesDraft: brief.discussesDraft,
    technologies: brief.technologies.map((t) => ({ name: t.name, verdict: t.verdict })),
  });
}

/** "(in bootstrap-gaps.csv)" after a quote from an attachment. */
export function quoteSource(technology: BriefTechnology): string {
  const where = claimSource(technology.quote);
  return where ? ` (${where})` : '';
}

/** "2 ask to add, 1 says outdated": how many respondents made each kind of claim. */
export function claimSummary(technology: BriefTechnology): string {
  const words: Record<string, string> = { add: 'add', update: 'update', drop: 'drop', keep: 'keep', question: 'question', mention: 'mention' };
  return Object.entries(technology.claimCounts)
    .map(([kind, n]) => `${n} ${words[kind] ?? kind}`)
    .join(', ');
}
