import type { Envelope } from './types.js';
import { lineText, startsWithFrom } from './bytes.js';

/** Longer than any real envelope line (an address is at most 254 bytes); longer `From ` lines are body text. */
export const maxEnvelopeLineBytes = 1024;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `From <sender> <Weekday> <Month> <day> <hh:mm[:ss]> [zone] <year> [zone] [remote from <host>]`.
 * Days may be space-padded (`Mar  1`) and the sender followed by two spaces, as the IETF archive writes them.
 */
const envelopePattern = new RegExp(
  '^From (\\S+) +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(' +
    months.join('|') +
    ') +(\\d{1,2}) +(\\d{1,2}):(\\d{2})(?::(\\d{2}))?' +
    '(?: +([A-Za-z]{1,5}|[+-]\\d{4}))? +(\\d{4})' +
    '(?: +([A-Za-z]{1,5}|[+-]\\d{4}))?(?: +remote from \\S+)? *$',
);

/** The envelope of an mbox separator line, or null when the line is not one. */
export function parseEnvelopeLine(buf: Buffer, start: number, end: number): Envelope | null {
  if (end - start > maxEnvelopeLineBytes || !startsWithFrom(buf, start, end)) return null;
  const match = envelopePattern.exec(lineText(buf, start, end));
  if (!match) return null;
  const [, sender, month, day, hour, minute, second, zoneBeforeYear, year, zoneAfterYear] = match;
  const date = utcDate(
    Number(year),
    months.indexOf(month as string),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
  );
  const offsetMinutes = numericZoneMinutes(zoneBeforeYear ?? zoneAfterYear);
  return {
    sender: sender as string,
    date: date && new Date(date.getTime() - offsetMinutes * 60_000),
  };
}

/** The asctime is UTC unless a numeric zone says otherwise; zone names (`PST`) are ambiguous and ignored. */
function numericZoneMinutes(zone: string | undefined): number {
  const match = zone ? /^([+-])(\d{2})(\d{2})$/.exec(zone) : null;
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function utcDate(year: number, month: number, day: number, hour: number, minute: number, second: number): Date | null {
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  return date.getUTCDate() === day && date.getUTCMonth() === month ? date : null;
}
