import type { ParticipantPosition, Stance, ThreadSummaryReport } from '../analyse/index.js';
import { isoDay, largest, plural } from '../core/index.js';
import { callName, callStatus, tallyWords } from './call-words.js';
import { inertText } from './escape.js';

export interface ThreadTextOptions {
  /** Columns; every line fits in them. */
  width: number;
  /** ANSI colours (the caller decides: a TTY, and no NO_COLOR). */
  color: boolean;
}

/** Replies deeper than this are drawn at this depth, so deep threads keep room for their words. */
const maxIndentLevels = 8;
const stanceWords: Record<Stance, string> = { support: 'support', oppose: 'oppose', changes: 'changes' };
const stanceColours: Record<Stance, number> = { support: 32, oppose: 31, changes: 33 };

type Paint = (code: number, text: string) => string;

/** `undated` padded to the width of a day: the timeline's authors line up after it. */
const day = (date: Date | null): string => isoDay(date, 'undated   ');

/** The thread summary for a terminal: header, positions, timeline, technologies, open questions. */
export function threadText(report: ThreadSummaryReport, options: ThreadTextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const layout = new Layout(options.width);
  const sections = [
    headerLines(report, layout, paint),
    callLines(report, layout, paint),
    positionLines(report.positions, layout, paint),
    timelineLines(report, layout, paint),
    technologyLines(report, layout, paint),
    openQuestionLines(report, layout, paint),
  ];
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function headerLines(report: ThreadSummaryReport, layout: Layout, paint: Paint): string[] {
  const { header } = report;
  const span = header.firstDate ? `${day(header.firstDate)} to ${day(header.lastDate)}` : 'undated';
  const facts = [
    header.lists.join(', ') || 'no list',
    plural(header.messageCount, 'message'),
    plural(header.participants.length, 'participant'),
    span,
  ].join(' · ');
  const people = header.participants.map((p) => `${plain(p.name)} (${p.messageCount})`).join(', ');
  return [
    ...layout.wrap(paint(1, plain(header.subject) || '(no subject)'), '', ''),
    ...layout.wrap(facts, '', ''),
    '',
    ...layout.wrap(`Opened by ${paint(36, plain(header.openedBy.name))} on ${day(header.openedBy.date)}:`, '', ''),
    ...layout.wrap(plain(header.opening), '  ', '  '),
    ...(header.question && !header.opening.includes(header.question)
      ? layout.wrap(`Question: ${plain(header.question)}`, '  ', '    ')
      : []),
    '',
    ...layout.wrap(`Participants: ${people}`, '', '  '),
  ];
}

/** The call, its question and its tally; nothing when the thread is no call. */
function callLines({ call, callPositions, header }: ThreadSummaryReport, layout: Layout, paint: Paint): string[] {
  if (!call) return [];
  return [
    ...layout.wrap(`${paint(1, 'Call:')} ${plain(callName(call, header.subject))}, ${plain(callStatus(call))}`, '', '  '),
    ...layout.wrap(`Question: ${plain(call.question)}`, '  ', '    '),
    ...layout.wrap(`Tally: ${plain(tallyWords(callPositions.tally))}`, '  ', '    '),
  ];
}

function positionLines(positions: ParticipantPosition[], layout: Layout, paint: Paint): string[] {
  const count = (stance: Stance) => positions.filter((p) => p.stance === stance).length;
  const title = `Positions: ${count('support')} support, ${count('oppose')} oppose, ${count('changes')} ask for changes`;
  if (positions.length === 0) return layout.wrap(paint(1, 'Positions: nobody stated one'), '', '');
  const nameWidth = Math.min(24, largest(positions.map((p) => displayWidth(plain(p.participant)))));
  const rows = positions.map((position) => {
    const stance = paint(stanceColours[position.stance], stanceWords[position.stance].padEnd(8));
    const hedge = position.certain ? '' : ' (uncertain)';
    const cue = `“${plain(position.cue)}”${hedge}`;
    const aligned = `  ${stance} ${pad(plain(position.participant), nameWidth)}  `;
    if (displayWidth(aligned) <= layout.width / 2) return layout.wrap(cue, aligned, ' '.repeat(nameWidth + 13));
    return layout.wrap(`${stance.trimEnd()} ${plain(position.participant)} ${cue}`, '  ', '    ');
  });
  return [...layout.wrap(paint(1, title), '', ''), ...rows.flat()];
}

/** One line a message: a gist longer than the line is cut at a word, the whole of it is in md and json. */
function timelineLines(report: ThreadSummaryReport, layout: Layout, paint: Paint): string[] {
  const rows = report.timeline.map((entry) => {
    const indent = '  '.repeat(Math.max(0, Math.min(entry.depth, maxIndentLevels, Math.floor((layout.width / 2 - 12) / 2))));
    const stance = entry.position
      ? ` ${paint(stanceColours[entry.position.stance], `[${entry.position.stance}${entry.position.certain ? '' : '?'}]`)}`
      : '';
    const prefix = `${paint(2, day(entry.date))}  ${indent}${paint(36, plain(entry.author))}${stance}: `;
    const row = layout.fit(prefix, plain(entry.gist) || '(no words of their own)');
    if (entry.subThread === null) return row;
    const heading = layout.fit(`${' '.repeat(12)}${indent}`, paint(1, `└ sub-thread: ${plain(entry.subThread)}`));
    return `${heading}\n${row}`;
  });
  return [...layout.wrap(paint(1, `Timeline (${plural(report.timeline.length, 'message')})`), '', ''), ...rows];
}

function technologyLines(report: ThreadSummaryReport, layout: Layout, paint: Paint): string[] {
  if (report.technologies.length === 0) return [];
  const rows = report.technologies.map((technology) => {
    // One draft is named in the section title; several are named on each verdict.
    const verdicts = technology.verdicts.map(
      (v) =>
        `${report.drafts.length > 1 ? `${v.draft}: ` : ''}` +
        (v.covered ? paint(32, `covered (§${v.sections.map((s) => s.number).join(', §')})`) : paint(31, 'not covered')),
    );
    const raisedBy = `raised by ${technology.raisedBy.map(plain).join(', ')}`;
    const text = [`${paint(1, plain(technology.name))}: ${raisedBy} (${plural(technology.messages.length, 'message')})`, ...verdicts];
    return layout.wrap(text.join('; '), '  ', '      ');
  });
  const judged = report.drafts.length === 1 ? `, judged against ${report.drafts[0]}` : '';
  return [...layout.wrap(paint(1, `Technologies raised (${report.technologies.length})${judged}`), '', ''), ...rows.flat()];
}

function openQuestionLines(report: ThreadSummaryReport, layout: Layout, paint: Paint): string[] {
  if (report.openQuestions.length === 0) return layout.wrap(paint(1, 'Open questions: none'), '', '');
  const rows = report.openQuestions.map((open) =>
    layout.wrap(`${paint(36, plain(open.author))}: ${plain(open.question)}`, `  ${paint(2, day(open.date))}  `, ' '.repeat(14)),
  );
  return [...layout.wrap(paint(1, `Open questions (${report.openQuestions.length})`), '', ''), ...rows.flat()];
}

/** Mail text on a terminal: control characters (an escape sequence in a subject, say) become spaces. */
const plain = (text: string): string => inertText(text);

const ansi = /\u001b\[[0-9;]*m/gu;

/** Columns a string takes: colour codes and combining marks none, East Asian wide characters two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ansi, '')) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  if (/\p{M}/u.test(char)) return 0;
  const code = char.codePointAt(0) ?? 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Word wrapping to a width, with a prefix for the first line and another for the rest. */
class Layout {
  constructor(readonly width: number) {}

  /** `prefix` and as much of `text` as fits on one line, cut at a word and marked `…`. */
  fit(prefix: string, text: string): string {
    const whole = prefix + text;
    if (displayWidth(whole) <= this.width) return whole;
    const room = this.width - displayWidth(prefix) - 1;
    if (room < 1) return `${splitAtWidth(whole, this.width - 1)[0]}…${whole.includes('\u001b[') ? '\u001b[0m' : ''}`;
    const [head] = splitAtWidth(text, room);
    const lastSpace = head.lastIndexOf(' ');
    return `${prefix}${(lastSpace > room / 2 ? head.slice(0, lastSpace) : head).trimEnd()}…`;
  }

  wrap(text: string, firstPrefix: string, restPrefix: string): string[] {
    const rest = displayWidth(restPrefix) > this.width / 2 ? ' '.repeat(Math.floor(this.width / 4)) : restPrefix;
    const lines: string[] = [];
    let line = firstPrefix;
    let empty = true;
    for (const word of text.split(/ +/u).filter(Boolean)) {
      const joined = empty ? line + word : `${line} ${word}`;
      if (displayWidth(joined) <= this.width) {
        line = joined;
        empty = false;
        continue;
      }
      if (!empty) {
        lines.push(line);
        line = rest;
      }
      // A word wider than a whole line (a long URL) is broken where the line ends.
      let remaining = word;
      while (displayWidth(line) + displayWidth(remaining) > this.width) {
        const [head, tail] = splitAtWidth(remaining, this.width - displayWidth(line));
        lines.push(line + head);
        line = rest;
        remaining = tail;
      }
      line += remaining;
      empty = false;
    }
    lines.push(line);
    return lines.map((l) => l.trimEnd());
  }
}

/** The first `width` columns of a word and the rest; colour codes go with the characters they precede. */
function splitAtWidth(word: string, width: number): [string, string] {
  let used = 0;
  let index = 0;
  while (index < word.length) {
    const code = /^\u001b\[[0-9;]*m/u.exec(word.slice(index));
    if (code) {
      index += code[0].length;
      continue;
    }
    const char = String.fromCodePoint(word.codePointAt(index)!);
    if (used + charWidth(char) > width && used > 0) break;
    used += charWidth(char);
    index += char.length;
  }
  return [word.slice(0, index), word.slice(index)];
}
