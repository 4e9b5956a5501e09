import type { Brief } from '../analyse/index.js';
import type { CallPosition, ParticipantPosition, Stance } from '../analyse/index.js';
import { briefCoverageSentence } from './brief-coverage.js';
import { callName, callStatus, tallyWords } from './call-words.js';
import { excerpt } from './escape.js';
import { isoDay, plural } from '../core/index.js';

/** The briefing's answer in three sentences, worded from the data: who replied, where they stand, what the draft misses. */
export function briefAnswer(brief: Brief): [string, string, string] {
  return [respondentsSentence(brief), positionsSentence(brief), coverageSentence(brief)];
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function longDay(date: Date): string {
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function spanOf(first: Date | null, last: Date | null): string {
  if (!first || !last) return '';
  return longDay(first) === longDay(last) ? ` on ${longDay(first)}` : ` between ${longDay(first)} and ${longDay(last)}`;
}

function respondentsSentence(brief: Brief): string {
  const opener = brief.question.author ? `${brief.question.author}'s question` : 'the question';
  const lists = brief.lists.length ? ` on ${listing(brief.lists)}` : '';
  if (brief.respondents.length === 0) return `Nobody has replied yet to ${opener}${lists}.`;
  const span = spanOf(brief.firstDate, brief.lastDate);
  const replies = plural(brief.responseCount, 'message', 'messages');
  return `${plural(brief.respondents.length, 'person', 'people')} replied to ${opener} in ${replies}${lists}${span}.`;
}

function stancePart(positions: ParticipantPosition[], stance: Stance, one: string, many: string): string | null {
  const holders = positions.filter((p) => p.stance === stance);
  if (holders.length === 0) return null;
  const names = stance !== 'support' && holders.length <= 3 ? ` (${listing(holders.map((p) => p.participant))})` : '';
  return `${plural(holders.length, one, many)}${names}`;
}

/** On a call: what it is and its tally, with the few who object or ask for changes named. */
function callTallySentence(call: NonNullable<Brief['call']>, subject: string): string {
  const names: Partial<Record<CallPosition, string[]>> = {};
  for (const stand of call.stands) (names[stand.position] ??= []).push(stand.participant);
  const name = callName(call.call, subject);
  return `On the ${name.charAt(0).toLowerCase()}${name.slice(1)}: ${tallyWords(call.tally, { kind: call.call.kind, names })}`;
}

function positionsSentence(brief: Brief): string {
  if (brief.call) return callTallySentence(brief.call, brief.subject);
  const { positions } = brief;
  if (positions.length === 0) return 'Nobody stated a position: no support, objection or request for changes.';
  const parts = [
    stancePart(positions, 'support', 'supports', 'support'),
    stancePart(positions, 'oppose', 'opposes', 'oppose'),
    stancePart(positions, 'changes', 'asks for changes first', 'ask for changes first'),
  ].filter((part): part is string => part !== null);
  const hedged = positions.filter((p) => !p.certain).length;
  const none = brief.charts.positions.none;
  const tail = [
    hedged ? `${plural(hedged, 'position is', 'positions are')} hedged` : null,
    none ? `${plural(none, 'respondent', 'respondents')} stated none` : null,
  ].filter((part): part is string => part !== null);
  return `Of the ${plural(brief.respondents.length, 'respondent', 'respondents')}, ${listing(parts)}${tail.length ? `; ${listing(tail)}` : ''}.`;
}

function coverageSentence(brief: Brief): string {
  return briefCoverageSentence(brief);
}

/**
 * The opening message's own words as paragraphs of lines: hard-wrapped lines are joined, but a line
 * that starts a list item stays its own line.
 */
export function paragraphsOf(text: string): string[][] {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .reduce<string[]>((lines, line) => {
          if (lines.length === 0 || /^([-*•o]|\d+[.)]|[a-z][.)])\s/.test(line)) lines.push(line);
          else lines[lines.length - 1] += ` ${line}`;
          return lines;
        }, []),
    )
    .filter((lines) => lines.length > 0);
}

/** `19 Feb`, for the participant list's message links. */
export function shortDay(date: Date | null): string {
  return date ? `${date.getUTCDate()} ${months[date.getUTCMonth()]!.slice(0, 3)}` : 'undated';
}

export const stanceWords: Record<Stance, string> = {
  support: 'supports',
  oppose: 'opposes',
  changes: 'asks for changes',
};

/** The quote shortened for a table cell, cut into the text before the matched words, those words, and the rest. */
export function quoteParts(sentence: string, matched: string, max: number): [string, string, string] {
  const quote = excerpt(sentence, matched, max);
  const at = matched ? quote.toLowerCase().indexOf(matched.toLowerCase()) : -1;
  if (at < 0) return [quote, '', ''];
  return [quote.slice(0, at), quote.slice(at, at + matched.length), quote.slice(at + matched.length)];
}

/** The call in one sentence, before the question it asks: kind, documents, deadline, who asked and when, how it closed. */
export function callSentence(brief: Brief): string | null {
  if (!brief.call) return null;
  const { call } = brief.call;
  return `${callName(call, brief.subject)}, ${callStatus(call)}.`;
}

/** The line that flags messages whose dates cannot be right (a clock centuries ahead), or null when none. */
export function implausibleDatesNote(brief: Brief): string | null {
  const odd = brief.implausibleDates ?? [];
  if (odd.length === 0) return null;
  const which = odd.map((m) => `${isoDay(m.date)} (${m.author})`);
  return `${plural(odd.length, 'message')} with an implausible date, shown in the thread but left out of its span and charts: ${listing(which)}.`;
}
