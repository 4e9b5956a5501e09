import { draftColumnLabels } from './draft-labels.js';
import type { TechnologyCoverage } from '../draft/index.js';
import type { RaisedTechnology, ThreadCoverage, ThreadSummaryReport } from '../analyse/index.js';
import { callSummaryLine } from './call-words.js';
import { archiveLink, escapeHtml as h, excerpt } from './escape.js';
import { claimSource, claimTally, coverageAnswer, leadClaim, verdictGroups } from './coverage-answer.js';
import { isoDay, plural } from '../core/index.js';


const day = (date: Date | null): string => isoDay(date, 'undated');

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #e4e4e4; }
th { background: #f4f4f4; }
.no { color: #a40000; font-weight: 600; } .yes { color: #0a6b00; }
.quote { color: #444; font-style: italic; }
.date { white-space: nowrap; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
`;

function verdictCell(coverage: TechnologyCoverage | undefined): string {
  if (!coverage) return '<td></td>';
  if (coverage.covered) {
    const sections = coverage.sections.map((s) => `§${h(s.number)} ${h(s.title)}`).join('<br>');
    return `<td class="yes">covered<br>${sections}</td>`;
  }
  const why =
    coverage.notCoveredBecause === 'only-in-references'
      ? ' (only in references)'
      : coverage.notCoveredBecause === 'only-inside-another-word'
        ? ' (only inside another word)'
        : '';
  return `<td class="no">not covered${why}</td>`;
}

function link(url: string | null, label: string): string {
  const safe = archiveLink(url);
  return safe ? `<a href="${h(safe)}">${label}</a>` : label;
}

function technologyTable(raised: RaisedTechnology[], report: ThreadCoverage): string {
  const head = draftColumnLabels(report.drafts).map((label) => `<th>${h(label)}</th>`).join('');
  const rows = raised.map((t) => {
    const claim = leadClaim(t);
    const where = claimSource(claim);
    return (
      `<tr><td>${h(t.technology.name)}</td><td>${t.respondents.map(h).join(', ')}</td><td>${t.respondents.length}</td><td>${h(claimTally(t))}</td>` +
      `${t.coverage.map(verdictCell).join('')}` +
      `<td class="quote">${h(claim.respondent.name)}: “${h(excerpt(claim.text, claim.matched, 160))}”${where ? ` (${h(where)})` : ''} ${link(claim.url, 'mail')}</td></tr>`
    );
  });
  return `<table><thead><tr><th>Technology</th><th>Raised by</th><th>Respondents</th><th>Claims</th>${head}<th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The coverage report as one self-contained HTML file: no scripts, no external resources. */
export function coverageHtml(report: ThreadCoverage, summary: Pick<ThreadSummaryReport, 'call' | 'callPositions'> | null = null): string {
  const call = callSummaryLine(summary, report.thread.subject);
  const draftLabels = draftColumnLabels(report.drafts).map((label) => h(label));
  const groups = verdictGroups(report)
    .map((group) => `<h2>${h(group.title)} (${group.technologies.length})</h2>\n${group.technologies.length ? technologyTable(group.technologies, report) : `<p>${h(group.none)}</p>`}`)
    .join('\n');
  const chairs = report.chairs.map((chair) => `${h(chair.name || chair.address)} (${h(chair.why)})`).join(', ') || 'none found';
  const candidates = report.candidates.length
    ? `<table><thead><tr><th>Term</th><th>Respondents</th><th>Messages</th>${draftLabels.map((label) => `<th>In ${label}</th>`).join('')}</tr></thead><tbody>${report.candidates
        .map((c) => `<tr><td>${h(c.term)}</td><td>${c.respondents}</td><td>${c.messages.length}</td>${c.inDraft.map((x) => `<td>${x ? 'yes' : 'no'}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '<p>No candidate terms.</p>';
  const messages = report.messages
    .map(
      (m) =>
        `<tr><td class="date">${day(m.message.date)}</td>` +
        `<td style="padding-left: ${0.5 + Math.min(m.message.threadDepth, 8)}em">${link(m.url, h(m.message.participant.name || m.message.from.address))}</td>` +
        `<td>${h(m.message.copies.map((c) => c.list).join(', '))}</td><td>${h(m.technologyIds.map((id) => report.technologyNames[id] ?? id).join(', '))}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coverage: ${h(report.thread.subject)}</title>
<style>${style}</style></head>
<body>
<h1>Technology coverage: ${h(report.thread.subject)}</h1>
<p>Thread ${link(report.messages[0]?.url ?? null, h(`<${report.thread.root}>`))} on ${h(report.thread.lists.join(', ') || 'no list')}:
${plural(report.thread.messageCount, 'message')}, ${plural(report.thread.respondents.length, 'respondent')}.
Draft${report.drafts.length > 1 ? 's' : ''}: ${draftLabels.join(', ')}. Chairs: ${chairs}.</p>
${call ? `<p class="call">Call: ${h(call)}</p>\n` : ''}<p><strong>${h(coverageAnswer(report))}</strong></p>
${groups}
<h2>Candidates the taxonomy lacks</h2>
${candidates}
<h2>Messages</h2>
<table><thead><tr><th>Date</th><th>From</th><th>Lists</th><th>Technologies</th></tr></thead><tbody>${messages}</tbody></table>
<p>Respondents: ${report.thread.respondents.map(h).join(', ')}</p>
</body></html>
`;
}
