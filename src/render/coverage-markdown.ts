import { draftColumnLabels } from './draft-labels.js';
import type { TechnologyCoverage } from '../draft/index.js';
import type { RaisedTechnology, ThreadCoverage, ThreadSummaryReport } from '../analyse/index.js';
import { callSummaryLine } from './call-words.js';
import { archiveLink, escapeMarkdown as md, excerpt } from './escape.js';
import { claimSource, claimTally, coverageAnswer, leadClaim, verdictGroups } from './coverage-answer.js';
import { isoDay, plural } from '../core/index.js';


const day = (date: Date | null): string => isoDay(date, 'undated');

function verdict(coverage: TechnologyCoverage | undefined): string {
  if (!coverage) return '';
  if (coverage.covered) return `yes: ${coverage.sections.map((s) => `§${s.number}`).join(', ')}`;
  if (coverage.notCoveredBecause === 'only-in-references') return 'no (only in references)';
  if (coverage.notCoveredBecause === 'only-inside-another-word') return 'no (only inside another word)';
  return 'no';
}

function messageLink(url: string | null, label: string): string {
  const link = archiveLink(url);
  return link ? `[${label}](${link})` : label;
}

function technologyRows(raised: RaisedTechnology[], report: ThreadCoverage): string[] {
  const draftColumns = draftColumnLabels(report.drafts).map((label) => md(label));
  const header = `| Technology | Raised by | Respondents | Claims | ${draftColumns.join(' | ')} | Evidence |`;
  const rule = `|---|---|---|---|${draftColumns.map(() => '---|').join('')}---|`;
  const rows = raised.map((t) => {
    const claim = leadClaim(t);
    const where = claimSource(claim);
    const quote = `${md(claim.respondent.name)}: “${md(excerpt(claim.text, claim.matched, 140))}”${where ? ` (${md(where)})` : ''} ${messageLink(claim.url, 'mail')}`;
    const verdicts = t.coverage.map((c) => md(verdict(c)));
    return `| ${md(t.technology.name)} | ${t.respondents.map(md).join(', ')} | ${t.respondents.length} | ${claimTally(t)} | ${verdicts.join(' | ')} | ${quote} |`;
  });
  return [header, rule, ...rows];
}

/** The coverage report as Markdown: the chair's to-do list first. */
export function coverageMarkdown(report: ThreadCoverage, summary: Pick<ThreadSummaryReport, 'call' | 'callPositions'> | null = null): string {
  const call = callSummaryLine(summary, report.thread.subject);
  const draftLabels = draftColumnLabels(report.drafts).map((label) => md(label));
  const groups = verdictGroups(report);
  const dates = report.messages.map((m) => m.message.date).filter((d): d is Date => d !== null);
  const span = dates.length ? `${day(dates.reduce((a, b) => (a < b ? a : b)))} to ${day(dates.reduce((a, b) => (a > b ? a : b)))}` : 'undated';
  const lines = [
    `# Technology coverage: ${md(report.thread.subject)}`,
    '',
    `- Thread: ${messageLink(report.messages[0]?.url ?? null, md(`<${report.thread.root}>`))}, ` +
      `lists ${report.thread.lists.map(md).join(', ') || 'none'}, ${plural(report.thread.messageCount, 'message')}, ${span}`,
    ...(call ? [`- Call: ${md(call)}`] : []),
    `- Respondents (${report.thread.respondents.length}): ${report.thread.respondents.map(md).join(', ') || 'none'}`,
    `- Chairs: ${report.chairs.map((chair) => `${md(chair.name || chair.address)} (${md(chair.why)})`).join(', ') || 'none found'}`,
    `- Draft${report.drafts.length > 1 ? 's' : ''}: ${draftLabels.join(', ')}`,
    '',
    `**${md(coverageAnswer(report))}**`,
    '',
    ...groups.flatMap((group) => [
      `## ${group.title} (${group.technologies.length})`,
      '',
      ...(group.technologies.length ? technologyRows(group.technologies, report) : [group.none]),
      '',
    ]),
    '## Candidates the taxonomy lacks',
    '',
    ...(report.candidates.length
      ? [
          `| Term | Respondents | Messages | ${draftLabels.map((label) => `In ${label}`).join(' | ')} |`,
          `|---|---|---|${report.drafts.map(() => '---|').join('')}`,
          ...report.candidates.map(
            (c) => `| ${md(c.term)} | ${c.respondents} | ${c.messages.length} | ${c.inDraft.map((x) => (x ? 'yes' : 'no')).join(' | ')} |`,
          ),
        ]
      : ['No candidate terms.']),
    '',
    '## Messages',
    '',
    '| Date | From | Lists | Technologies |',
    '|---|---|---|---|',
    ...report.messages.map(
      (m) =>
        `| ${day(m.message.date)} | ${messageLink(m.url, md(m.message.participant.name || m.message.from.address))} | ` +
        `${m.message.copies.map((c) => md(c.list)).join(', ')} | ${m.technologyIds.map((id) => md(report.technologyNames[id] ?? id)).join(', ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
