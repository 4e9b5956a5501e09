import { firstHeader, headerValues, rawHeaderFields, type HeaderField } from './headers.js';
import { MailParseError } from './types.js';
import type { DateSource } from './types.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 5322 obsolete zone names that are still common; anything else (`CEST`, `-0-200`) is broken. */
const NAMED_ZONES: Record<string, number> = {
  ut: 0, gmt: 0, z: 0, utc: 0, edt: -4 * 60, est: -5 * 60, cdt: -5 * 60, cst: -6 * 60, mdt: -6 * 60, mst: -7 * 60, pdt: -7 * 60, pst: -8 * 60,
};
/** `[Mon,] 1 Mar 2010 15:45[:56] +0100 [(CET)]`: a four-digit year and a zone are required. */
const DATE_TIME =
  /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|[a-z]{1,3})(?:\s*\([^()]*\))?$/i;
/** RFC 822 is from 1982: an earlier date is a client's clock, not the message's. */
const MIN_YEAR = 1982;

/** Parses an RFC 5322 date-time strictly; null for anything a careful reader would doubt. */
export function parseMailDate(value: string): Date | null {
  const match = DATE_TIME.exec(value.replace(/\s+/g, ' ').trim());
  if (!match) return null;
  const [, day = '', monthName = '', year = '', hour = '', minute = '', second = '0', zone = ''] = match;
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const offset = zoneOffsetMinutes(zone);
  const fields = { year: Number(year), month, day: Number(day), hour: Number(hour), minute: Number(minute), second: Math.min(Number(second), 59) };
  if (month < 0 || offset === null || fields.year < MIN_YEAR || fields.hour > 23 || fields.minute > 59) return null;
  const local = Date.UTC(fields.year, month, fields.day, fields.hour, fields.minute, fields.second);
  if (new Date(local).getUTCDate() !== fields.day) return null;
  return new Date(local - offset * 60_000);
}

function zoneOffsetMinutes(zone: string): number | null {
  const numeric = /^([+-])(\d\d)(\d\d)$/.exec(zone);
  if (numeric) {
    const [, sign, hours = '', minutes = ''] = numeric;
    if (Number(hours) > 23 || Number(minutes) > 59) return null;
    return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  }
  return NAMED_ZONES[zone.toLowerCase()] ?? null;
}

export interface MessageDate {
  date: Date | null;
  dateSource: DateSource;
  warning: string | null;
}

/** The date a `Received:` header stamps, after its last `;`. */
function receivedDate(received: string): Date | null {
  const semicolon = received.lastIndexOf(';');
  return semicolon < 0 ? null : parseMailDate(received.slice(semicolon + 1));
}

/**
 * The message's date: its `Date:` header when valid, else the first (topmost) `Received:` header
 * that carries a valid date, else the mbox envelope's date, else none.
 */
export function messageDate(fields: readonly HeaderField[], envelopeDate: Date | null): MessageDate {
  const header = firstHeader(fields, 'date');
  const fromHeader = header === null ? null : parseMailDate(header);
  if (fromHeader) return { date: fromHeader, dateSource: 'date', warning: null };
  const problem = header === null ? 'no Date header' : `unreadable Date header "${header.slice(0, 100)}"`;
  const received = headerValues(fields, 'received');
  for (const [index, value] of received.entries()) {
    const date = receivedDate(value);
    const which = index === 0 ? 'the first Received header' : `Received header ${index + 1}`;
    if (date) return { date, dateSource: 'received', warning: `${problem}: dated by ${which}` };
  }
  if (envelopeDate && !Number.isNaN(envelopeDate.getTime())) {
    return { date: envelopeDate, dateSource: 'envelope', warning: `${problem}: dated by the mbox envelope` };
  }
  return { date: null, dateSource: 'none', warning: `${problem}: no date found` };
}

/** The date of a raw message as `parseMessage` dates it (Date:, else Received:), without parsing the rest; null when none. */
export function rawMessageDate(raw: Buffer): Date | null {
  try {
    return messageDate(rawHeaderFields(raw), null).date;
  } catch (error) {
    if (error instanceof MailParseError) return null;
    throw error;
  }
}
