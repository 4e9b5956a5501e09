import type { ArchiveCopy, Brief, BriefParticipant, BriefTechnology } from '../analyse/index.js';
import type { ParticipantPosition } from '../analyse/index.js';
import { briefVerdictGroups, claimSummary, quoteSource } from './brief-coverage.js';
import { briefCharts } from './brief-charts.js';
import { briefAnswer, callSentence, implausibleDatesNote, longDay, paragraphsOf, quoteParts, shortDay, stanceWords } from './brief-text.js';
import { archiveLink, escapeHtml as h, shorten } from './escape.js';
import { plural } from '../core/index.js';

const style = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 62rem; padding: 0 1rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.45rem; margin: 0 0 .2rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ccc; }
.meta { color: #444; margin: 0; }
blockquote { margin: .4rem 0; padding: .4rem .9rem; border-left: 4px solid #1f5fa8; background: #f5f7fa; }
blockquote p { margin: .35rem 0; } .by { color: #444; margin: .2rem 0 0; font-size: .9rem; }
.answer { font-size: 1.05rem; padding: .6rem .9rem; background: #fff8e6; border: 1px solid #e8d9a8; }
.charts { display: grid; grid-template-columns: 3fr 2fr; gap: 1rem 1.5rem; align-items: start; margin-top: 1.2rem; }
.charts figure { margin: 0; } .charts figure.full { grid-column: 1 / -1; }
svg.chart { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .45rem; border-bottom: 1px solid #e4e4e4; }
th { background: #f4f4f4; }
.quote { font-style: italic; color: #333; } .muted { color: #666; } .cue { color: #555; font-size: .85rem; }
.support { color: #2a7d3e; } .oppose { color: #b3261e; } .changes { color: #9a5f00; }
.message { white-space: nowrap; }
section.passing { margin-top: 2.5rem; padding-top: .5rem; border-top: 3px double #bbb; color: #444; }
footer { margin-top: 1.5rem; color: #666; font-size: .85rem; }
@media (max-width: 50rem) { .charts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 13mm; }
@media print {
  html { font-size: 10pt; }
  body { font-size: 10pt; margin: 0; max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
  .charts { grid-template-columns: 3fr 2fr; gap: .4rem 1rem; margin-top: .6rem; }
  .charts figure { break-inside: avoid; }
  svg.chart { width: 100%; max-height: 78mm; }
  h2 { margin-top: 1rem; }
  h2 { break-after: avoid; } tr, blockquote, .answer { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

function link(url: string | null, label: string): string {
  const safe = archiveLink(url);
  return safe ? `<a href="${h(safe)}">${label}</a>` : label;
}

const day = (date: Date | null) => (date ? longDay(date) : 'undated');

function header(brief: Brief): string {
  const span = brief.firstDate && brief.lastDate ? `${day(brief.firstDate)} to ${day(brief.lastDate)}` : 'undated';
  const earlier = brief.drafts.slice(0, -1);
  const drafts = `judged against ${h(brief.drafts.at(-1) ?? '')}${earlier.length ? ` (compared with ${earlier.map(h).join(', ')})` : ''}`;
  const note = implausibleDatesNote(brief);
  return (
    `<header><h1>Briefing: ${h(brief.subject)}</h1>` +
    `<p class="meta">${h(brief.lists.join(', ') || 'no list')} · ${plural(brief.messageCount, 'message')} · ${span} · ${drafts}</p>` +
    `${note ? `<p class="meta">${h(note)}</p>` : ''}</header>`
  );
}

function question(brief: Brief): string {
  const paragraphs = paragraphsOf(brief.question.text).map((lines) => `<p>${lines.map(h).join('<br>')}</p>`);
  const by = `${h(brief.question.author)}, ${day(brief.question.date)}, ${link(brief.question.url, 'in the archive')}`;
  const call = callSentence(brief);
  const asked = call && brief.call ? `<p class="call"><strong>${h(call)}</strong></p><p>Question asked: “${h(brief.call.call.question)}”</p>` : '';
  return `<section><h2>The question</h2>${asked}<blockquote>${paragraphs.join('') || '<p class="muted">(no text of its own)</p>'}</blockquote><p class="by">${by}</p></section>`;
}

function answer(brief: Brief): string {
  return `<section><h2>The answer</h2><p class="answer">${briefAnswer(brief).map(h).join(' ')}</p></section>`;
}

function charts(brief: Brief): string {
  const figures = briefCharts(brief).map(
    (chart) => `<figure class="${chart.name === 'technologies' ? 'full' : ''}" data-chart="${chart.name}">${chart.svg}</figure>`,
  );
  return `<section class="charts" aria-label="Charts">${figures.join('')}</section>`;
}

function raisers(technology: BriefTechnology): string {
  return technology.raisedBy.map((person) => link(person.url, h(person.name))).join(', ');
}

function quote(technology: BriefTechnology): string {
  const [before, matched, after] = quoteParts(technology.quote.sentence, technology.quote.matched, 200);
  return `${h(before)}${matched ? `<strong>${h(matched)}</strong>` : ''}${h(after)}`;
}

function sectionsCell(brief: Brief, t: BriefTechnology): string {
  const sections = t.sections.map((s) => `§${h(s.number)} ${h(s.title)}`).join('<br>');
  const missing = brief.drafts.slice(0, -1).filter((_, i) => t.covered && !t.coveredByDraft[i]);
  const news = missing.length ? `<br><span class="muted">not in ${missing.map(h).join(', ')}</span>` : '';
  return `<td>${sections || '—'}${news}</td>`;
}

function verdictTable(brief: Brief, technologies: BriefTechnology[]): string {
  const rows = technologies.map(
    (t) =>
      `<tr><td>${h(t.name)}</td><td>${raisers(t)}</td><td>${t.raisedBy.length} <span class="muted">(${h(claimSummary(t))})</span></td>${sectionsCell(brief, t)}` +
      `<td><span class="quote">“${quote(t)}”</span>${h(quoteSource(t))} ${link(t.quote.url, `— ${h(t.quote.author)}`)}</td></tr>`,
  );
  return `<table><thead><tr><th>Technology</th><th>Raised by</th><th>How many</th><th>Sections</th><th>Quote</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The coverage part: one section per verdict, the passing mentions set apart. */
function coverageSections(brief: Brief): string {
  return briefVerdictGroups(brief)
    .map((group) => {
      const body = group.technologies.length ? verdictTable(brief, group.technologies) : `<p>${h(group.none)}</p>`;
      const apart = group.verdict === 'mentioned' ? ' class="passing"' : '';
      return `<section${apart}><h2>${h(group.title)} (${group.technologies.length})</h2>${body}</section>`;
    })
    .join('\n');
}

function chairStatements(brief: Brief): string {
  if (brief.chairStatements.length === 0) return '';
  const items = brief.chairStatements.map((s) => {
    const paragraphs = paragraphsOf(s.text).map((lines) => `<p>${lines.map(h).join('<br>')}</p>`).join('');
    return `<blockquote>${paragraphs}</blockquote><p class="muted">— ${h(s.author)}, ${s.date ? longDay(s.date) : 'undated'}, ${link(s.url, 'in the archive')}</p>`;
  });
  return `<section><h2>The chairs' statements (${brief.chairStatements.length})</h2>${items.join('')}</section>`;
}

function candidates(brief: Brief): string {
  if (brief.candidates.length === 0) return '<p>None: every technology-like term is in the taxonomy.</p>';
  const items = brief.candidates.map((c) => {
    const inDraft = c.inDraft.at(-1) ? 'in the draft' : 'not in the draft';
    return `<li>${h(c.term)} <span class="muted">(${plural(c.respondents, 'person', 'people')}, ${inDraft})</span></li>`;
  });
  return `<ul class="candidates">${items.join('')}</ul>`;
}

function openQuestions(brief: Brief): string {
  if (brief.openQuestions.length === 0) return '<p>None: every question asked was taken up by a reply.</p>';
  const items = brief.openQuestions.map(
    (q) => `<li><span class="quote">“${h(shorten(q.question, 220))}”</span> ${link(q.url, `— ${h(q.author)}, ${shortDay(q.date)}`)}</li>`,
  );
  return `<ul>${items.join('')}</ul>`;
}

function positionCell(position: ParticipantPosition | null): string {
  if (!position) return '<td class="muted">none stated</td>';
  const hedged = position.certain ? '' : ' (hedged)';
  return `<td><span class="${position.stance}">${stanceWords[position.stance]}${hedged}</span> <span class="cue">“${h(shorten(position.cue, 60))}”</span></td>`;
}

function copyLinks(copies: ArchiveCopy[]): string {
  return copies.map((copy) => link(copy.url, h(copy.list || 'no list'))).join(' ');
}

function participantsTable(participants: BriefParticipant[]): string {
  const rows = participants.map((person) => {
    const messages = person.messages.map((m) => `<span class="message">${shortDay(m.date)} ${copyLinks(m.copies)}</span>`);
    return `<tr><td>${h(person.name)}</td>${positionCell(person.position)}<td class="messages">${messages.join(' · ')}</td></tr>`;
  });
  return `<table><thead><tr><th>Participant</th><th>Position</th><th>Messages (archive copies)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The chair briefing as one self-contained, printable HTML page: inline SVG charts, no scripts, no external resources. */
export function briefHtml(brief: Brief): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefing: ${h(brief.subject)}</title>
<style>${style}</style></head>
<body>
${header(brief)}
${question(brief)}
${answer(brief)}
${charts(brief)}
${coverageSections(brief)}
${chairStatements(brief)}
<section><h2>Candidates the taxonomy lacks (${brief.candidates.length})</h2>${candidates(brief)}</section>
<section><h2>Open questions (${brief.openQuestions.length})</h2>${openQuestions(brief)}</section>
<section><h2>Participants (${brief.participants.length})</h2>${participantsTable(brief.participants)}</section>
<footer>Made by listlens from the archive copies in its store. Quotes and cues are the participants' own words; positions come from explicit cues such as “+1” or “not ready”.</footer>
</body></html>
`;
}
