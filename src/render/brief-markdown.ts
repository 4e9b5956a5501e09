import type { ArchiveCopy, Brief, BriefParticipant, BriefTechnology } from '../analyse/index.js';
import type { ParticipantPosition } from '../analyse/index.js';
import { briefCharts } from './brief-charts.js';
import { briefAnswer, implausibleDatesNote, longDay, paragraphsOf, quoteParts, shortDay, stanceWords } from './brief-text.js';
import { archiveLink, escapeMarkdown as md, shorten } from './escape.js';
import { plural } from '../core/index.js';

export interface MarkdownBrief {
  markdown: string;
  /** SVG files the Markdown links to, by path relative to the Markdown file. */
  charts: { path: string; svg: string }[];
}

function link(url: string | null, label: string): string {
  const safe = archiveLink(url);
  return safe ? `[${label}](${safe})` : label;
}

const day = (date: Date | null) => (date ? longDay(date) : 'undated');

function header(brief: Brief): string[] {
  const span = brief.firstDate && brief.lastDate ? `${day(brief.firstDate)} to ${day(brief.lastDate)}` : 'undated';
  const earlier = brief.drafts.slice(0, -1);
  const drafts = `judged against ${md(brief.drafts.at(-1) ?? '')}${earlier.length ? ` (compared with ${earlier.map(md).join(', ')})` : ''}`;
  const note = implausibleDatesNote(brief);
  return [
    `# Briefing: ${md(brief.subject)}`,
    '',
    `${md(brief.lists.join(', ') || 'no list')} · ${brief.messageCount} messages · ${span} · ${drafts}`,
    ...(note ? ['', `*${md(note)}*`] : []),
  ];
}

function question(brief: Brief): string[] {
  const quoted = paragraphsOf(brief.question.text).map((lines) => lines.map((line) => `> ${md(line)}`).join('  \n'));
  return [
    '## The question',
    '',
    quoted.join('\n>\n') || '> (no text of its own)',
    '',
    `— ${md(brief.question.author)}, ${day(brief.question.date)}, ${link(brief.question.url, 'in the archive')}`,
  ];
}

function charts(brief: Brief, chartsDir: string | null): { lines: string[]; files: MarkdownBrief['charts'] } {
  if (chartsDir === null) return { lines: ['_Charts are written beside the file with `--out FILE.md` (or `FILE.html`)._'], files: [] };
  const files = briefCharts(brief).map((chart) => ({ ...chart, path: `${chartsDir}/${chart.name}.svg` }));
  return { lines: files.map((chart) => `![${md(chart.title)}](${chart.path})`).flatMap((line) => [line, '']).slice(0, -1), files };
}

function raisers(technology: BriefTechnology): string {
  return technology.raisedBy.map((person) => link(person.url, md(person.name))).join(', ');
}

/** Escaped piece by piece: `escapeMarkdown` also trims, so the spaces around the matched words are put back. */
function quote(technology: BriefTechnology): string {
  const [before, matched, after] = quoteParts(technology.quote.sentence, technology.quote.matched, 200);
  if (!matched) return md(before);
  const space = (text: string, side: 'start' | 'end') => ((side === 'end' ? /\s$/ : /^\s/).test(text) ? ' ' : '');
  return `${md(before)}${space(before, 'end')}**${md(matched)}**${space(after, 'start')}${md(after)}`;
}

function uncoveredTable(technologies: BriefTechnology[]): string[] {
  if (technologies.length === 0) return ['Every technology raised is covered.'];
  return [
    '| Technology | Raised by | Quote |',
    '|---|---|---|',
    ...technologies.map(
      (t) => `| ${md(t.name)} | ${raisers(t)} | “${quote(t)}” ${link(t.quote.url, `— ${md(t.quote.author)}`)} |`,
    ),
  ];
}

function coveredTable(brief: Brief, technologies: BriefTechnology[]): string[] {
  if (technologies.length === 0) return ['None of the technologies raised is covered.'];
  const earlier = brief.drafts.slice(0, -1);
  return [
    '| Technology | Sections | Raised by |',
    '|---|---|---|',
    ...technologies.map((t) => {
      const sections = t.sections.map((s) => `§${md(s.number)} ${md(s.title)}`).join('; ');
      const missing = earlier.filter((_, i) => !t.coveredByDraft[i]);
      const news = missing.length ? ` (not in ${missing.map(md).join(', ')})` : '';
      return `| ${md(t.name)} | ${sections}${news} | ${raisers(t)} |`;
    }),
  ];
}

function candidates(brief: Brief): string[] {
  if (brief.candidates.length === 0) return ['None: every technology-like term is in the taxonomy.'];
  return brief.candidates.map((c) => {
    const inDraft = c.inDraft.at(-1) ? 'in the draft' : 'not in the draft';
    return `- ${md(c.term)} (${plural(c.respondents, 'person', 'people')}, ${inDraft})`;
  });
}

function openQuestions(brief: Brief): string[] {
  if (brief.openQuestions.length === 0) return ['None: every question asked was taken up by a reply.'];
  return brief.openQuestions.map((q) => `- “${md(shorten(q.question, 220))}” ${link(q.url, `— ${md(q.author)}, ${shortDay(q.date)}`)}`);
}

function position(stated: ParticipantPosition | null): string {
  if (!stated) return 'none stated';
  return `${stanceWords[stated.stance]}${stated.certain ? '' : ' (hedged)'} “${md(shorten(stated.cue, 60))}”`;
}

function copyLinks(copies: ArchiveCopy[]): string {
  return copies.map((copy) => link(copy.url, md(copy.list || 'no list'))).join(' ');
}

function participantsTable(participants: BriefParticipant[]): string[] {
  return [
    '| Participant | Position | Messages (archive copies) |',
    '|---|---|---|',
    ...participants.map((person) => {
      const messages = person.messages.map((m) => `${shortDay(m.date)} ${copyLinks(m.copies)}`).join(' · ');
      return `| ${md(person.name)} | ${position(person.position)} | ${messages} |`;
    }),
  ];
}

/**
 * The chair briefing as Markdown. With `chartsDir` (a folder relative to the Markdown file) the charts
 * are SVG files linked as images, returned for the caller to write; without it (stdout) they are left out.
 */
export function briefMarkdown(brief: Brief, options: { chartsDir: string | null }): MarkdownBrief {
  const draft = md(brief.drafts.at(-1) ?? 'the draft');
  const uncovered = brief.technologies.filter((t) => !t.covered);
  const covered = brief.technologies.filter((t) => t.covered);
  const chartSection = charts(brief, options.chartsDir);
  const sections = [
    header(brief),
    question(brief),
    ['## The answer', '', briefAnswer(brief).map(md).join(' ')],
    ['## Charts', '', ...chartSection.lines],
    [`## Not covered by ${draft} (${uncovered.length})`, '', ...uncoveredTable(uncovered)],
    [`## Covered by ${draft} (${covered.length})`, '', ...coveredTable(brief, covered)],
    [`## Candidates the taxonomy lacks (${brief.candidates.length})`, '', ...candidates(brief)],
    [`## Open questions (${brief.openQuestions.length})`, '', ...openQuestions(brief)],
    [`## Participants (${brief.participants.length})`, '', ...participantsTable(brief.participants)],
  ];
  const markdown = `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
  return { markdown, charts: chartSection.files.map(({ path, svg }) => ({ path, svg })) };
}
