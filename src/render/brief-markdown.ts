import type { ArchiveCopy, Brief, BriefParticipant, BriefTechnology } from '../analyse/index.js';
import type { ParticipantPosition } from '../analyse/index.js';
import { briefCharts } from './brief-charts.js';
import { briefVerdictGroups, claimSummary, quoteSource } from './brief-coverage.js';
import { briefAnswer, callSentence, implausibleDatesNote, longDay, paragraphsOf, quoteParts, shortDay, stanceWords } from './brief-text.js';
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
    `${md(brief.lists.join(', ') || 'no list')} · ${plural(brief.messageCount, 'message')} · ${span} · ${drafts}`,
    ...(note ? ['', `*${md(note)}*`] : []),
  ];
}

function question(brief: Brief): string[] {
  const quoted = paragraphsOf(brief.question.text).map((lines) => lines.map((line) => `> ${md(line)}`).join('  \n'));
  const call = callSentence(brief);
  return [
    '## The question',
    '',
    ...(call && brief.call ? [`**${md(call)}**`, '', `Question asked: “${md(brief.call.call.question)}”`, ''] : []),
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

function sectionsOf(brief: Brief, t: BriefTechnology): string {
  const sections = t.sections.map((s) => `§${md(s.number)} ${md(s.title)}`).join('; ');
  const missing = brief.drafts.slice(0, -1).filter((_, i) => t.covered && !t.coveredByDraft[i]);
  return `${sections || '—'}${missing.length ? ` (not in ${missing.map(md).join(', ')})` : ''}`;
}

function verdictTable(brief: Brief, technologies: BriefTechnology[]): string[] {
  return [
    '| Technology | Raised by | How many | Sections | Quote |',
    '|---|---|---|---|---|',
    ...technologies.map(
      (t) =>
        `| ${md(t.name)} | ${raisers(t)} | ${t.raisedBy.length} (${md(claimSummary(t))}) | ${sectionsOf(brief, t)} | ` +
        `“${quote(t)}”${md(quoteSource(t))} ${link(t.quote.url, `— ${md(t.quote.author)}`)} |`,
    ),
  ];
}

/** The coverage part of the briefing: one section per verdict, passing mentions set apart by a rule. */
function coverageSections(brief: Brief): string[][] {
  return briefVerdictGroups(brief).map((group) => [
    ...(group.verdict === 'mentioned' ? ['---', ''] : []),
    `## ${md(group.title)} (${group.technologies.length})`,
    '',
    ...(group.technologies.length ? verdictTable(brief, group.technologies) : [md(group.none)]),
  ]);
}

function chairStatements(brief: Brief): string[][] {
  if (brief.chairStatements.length === 0) return [];
  return [
    [
      `## The chairs' statements (${brief.chairStatements.length})`,
      '',
      ...brief.chairStatements.flatMap((s) => [
        paragraphsOf(s.text).map((lines) => lines.map((line) => `> ${md(line)}`).join('  \n')).join('\n>\n'),
        '',
        `— ${md(s.author)}, ${day(s.date)}, ${link(s.url, 'in the archive')}`,
        '',
      ]),
    ],
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
  const chartSection = charts(brief, options.chartsDir);
  const sections = [
    header(brief),
    question(brief),
    ['## The answer', '', briefAnswer(brief).map(md).join(' ')],
    ['## Charts', '', ...chartSection.lines],
    ...coverageSections(brief),
    ...chairStatements(brief),
    [`## Candidates the taxonomy lacks (${brief.candidates.length})`, '', ...candidates(brief)],
    [`## Open questions (${brief.openQuestions.length})`, '', ...openQuestions(brief)],
    [`## Participants (${brief.participants.length})`, '', ...participantsTable(brief.participants)],
  ];
  const markdown = `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
  return { markdown, charts: chartSection.files.map(({ path, svg }) => ({ path, svg })) };
}
