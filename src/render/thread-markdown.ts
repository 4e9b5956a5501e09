import type { Stance, ThreadSummaryReport, TimelineEntry } from '../analyse/index.js';
import { callName, callStatus, positionWords, tallyWords } from './call-words.js';
import { archiveLink, escapeMarkdown as md, shorten } from './escape.js';
import { isoDay } from '../core/index.js';

/** Nested lists deeper than this are drawn at this depth. */
const maxIndentLevels = 8;
const stanceLabels: Record<Stance, string> = { support: 'supports', oppose: 'opposes', changes: 'asks for changes' };

const day = (date: Date | null): string => isoDay(date, 'undated');

function linked(label: string, url: string | null): string {
  const link = archiveLink(url);
  return link ? `[${label}](${link})` : label;
}

/** The thread summary as Markdown; every word from mail is escaped, links go only to the archive. */
export function threadMarkdown(report: ThreadSummaryReport): string {
  const sections = [headerLines(report), callLines(report), positionLines(report), timelineLines(report), technologyLines(report), openQuestionLines(report)];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function headerLines({ header }: ThreadSummaryReport): string[] {
  const span = header.firstDate ? `${day(header.firstDate)} to ${day(header.lastDate)}` : 'undated';
  const opener = linked(md(header.openedBy.name), header.openedBy.url);
  return [
    `# ${md(header.subject) || '(no subject)'}`,
    '',
    `- Lists: ${header.lists.map(md).join(', ') || 'none'}`,
    `- Messages: ${header.messageCount}, ${span}`,
    `- Participants (${header.participants.length}): ${header.participants.map((p) => `${md(p.name)} (${p.messageCount})`).join(', ')}`,
    `- Opened by ${opener} on ${day(header.openedBy.date)}:`,
    '',
    `> ${md(header.opening)}`,
    ...(header.question && !header.opening.includes(header.question) ? ['', `Question: ${md(header.question)}`] : []),
  ];
}

/** The call, its question, who opened and closed it, and the tally; or that the thread is no call. */
function callLines({ call, callPositions, header }: ThreadSummaryReport): string[] {
  if (!call) return ['## Call', '', `No chairs' call found: positions are on the opening message. ${md(tallyWords(callPositions.tally))}`];
  const objections = callPositions.objections.map((o) => {
    const answered = o.answeredBy ? `answered by ${linked(md(o.answeredBy.participant), o.answeredBy.url)}` : 'not answered by an author or chair';
    return `- ${linked(md(o.participant), o.url)}: “${md(shorten(o.text, 160))}” (${answered}${o.withdrawn ? '; later withdrawn' : ''})`;
  });
  return [
    '## Call',
    '',
    `**${md(callName(call, header.subject))}**: ${linked('opened', call.opened.url)} ${md(callStatus(call).replace(/^opened /u, ''))}`,
    '',
    `Question: ${md(call.question)}`,
    '',
    `Tally: ${md(tallyWords(callPositions.tally))}`,
    ...(objections.length ? ['', 'Objections:', '', ...objections] : []),
  ];
}

function positionLines({ callPositions }: ThreadSummaryReport): string[] {
  const stated = callPositions.stands.filter((s) => s.position !== 'none');
  if (stated.length === 0) return ['## Positions', '', 'Nobody stated a position.'];
  const role = (s: (typeof stated)[number]) => [s.isAuthor ? 'author' : '', s.isChair ? 'chair' : ''].filter(Boolean).join(', ');
  const order = (position: string) => Object.keys(positionWords).indexOf(position);
  return [
    '## Positions',
    '',
    '| Participant | Position | Organisation | Evidence |',
    '|---|---|---|---|',
    ...[...stated]
      .sort((a, b) => order(a.position) - order(b.position) || a.participant.localeCompare(b.participant))
      .map((s) => {
        const words = `${positionWords[s.position]}${s.options.length ? `: ${s.options.map(md).join(', ')}` : ''}${s.certain || s.position === 'conditional-support' ? '' : ' (hedged)'}`;
        const changed = s.history.length > 1 ? ` (before: ${s.history.slice(0, -1).map((h) => positionWords[h.position]).join(', ')})` : '';
        const who = `${md(s.participant)}${role(s) ? ` (${role(s)})` : ''}`;
        const evidence = s.evidence ? linked(`“${md(shorten(s.evidence.text, 160))}”`, s.evidence.url) : '';
        return `| ${who} | ${words}${changed} | ${md(s.organisation ?? 'unknown')} | ${evidence} |`;
      }),
  ];
}

function timelineLines({ timeline }: ThreadSummaryReport): string[] {
  return ['## Timeline', '', ...timeline.map(timelineItem)];
}

function timelineItem(entry: TimelineEntry): string {
  const indent = '  '.repeat(Math.min(entry.depth, maxIndentLevels));
  const stance = entry.position ? ` *${stanceLabels[entry.position.stance]}${entry.position.certain ? '' : ' (uncertain)'}*` : '';
  const gist = md(entry.gist) || '*(no words of their own)*';
  const subThread = entry.subThread === null ? '' : `${indent}- *Sub-thread: ${md(entry.subThread)}*\n`;
  return `${subThread}${indent}- ${linked(day(entry.date), entry.url)} **${md(entry.author)}**${stance}: ${gist}`;
}

function technologyLines({ technologies, drafts }: ThreadSummaryReport): string[] {
  if (technologies.length === 0) return ['## Technologies raised', '', 'None found.'];
  const header = `| Technology | Raised by | Messages |${drafts.map((d) => ` ${md(d)} |`).join('')}`;
  const rule = `|---|---|---|${drafts.map(() => '---|').join('')}`;
  const rows = technologies.map((t) => {
    const verdicts = t.verdicts.map((v) => (v.covered ? ` covered: ${v.sections.map((s) => `§${md(s.number)}`).join(', ')} |` : ' not covered |'));
    return `| ${md(t.name)} | ${t.raisedBy.map(md).join(', ')} | ${t.messages.length} |${verdicts.join('')}`;
  });
  return ['## Technologies raised', '', header, rule, ...rows];
}

function openQuestionLines({ openQuestions }: ThreadSummaryReport): string[] {
  if (openQuestions.length === 0) return ['## Open questions', '', 'None: every question was answered or taken up.'];
  return [
    '## Open questions',
    '',
    ...openQuestions.map((q) => `- ${linked(day(q.date), q.url)} **${md(q.author)}**: ${md(q.question)}`),
  ];
}
