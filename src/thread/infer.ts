import { subjectKey, type QuotedParent } from '../mail/index.js';

/** What the inference needs to know of a message that may be a lost parent. */
export interface ParentCandidate {
  messageId: string;
  fromName: string;
  fromAddress: string;
  subject: string;
  date: Date | null;
}

/** A reply without In-Reply-To or References, with what its quoted header block says of its parent. */
export interface Orphan {
  messageId: string;
  subject: string;
  date: Date | null;
  quoted: QuotedParent;
}

/** The reader's clock may be up to 14 hours off UTC, in steps of a quarter hour. */
const MAX_ZONE_MINUTES = 14 * 60;
const ZONE_STEP_MINUTES = 15;

/** "10:02", "10:02:11", "5:15 PM"; else Finnish and Danish "klo 10.02". */
const CLOCK_TIME = /\b(\d{1,2}):(\d{2})(?::\d{2})?(?:\s?([AaPp])\.?[Mm]\.?)?/;
const DOTTED_TIME = /\b(\d{1,2})\.(\d{2})(?![.\d])(?:\s?([AaPp])\.?[Mm]\.?)?/;

interface QuotedTime {
  hour: number;
  minute: number;
  year: number | null;
  /** Numbers that may be the day of the month; empty when the text gives none. */
  days: Set<number>;
}

/** The time of day (and year, and possible days) a client wrote: "Monday, March 1, 2021 10:02 AM". */
function quotedTime(text: string): QuotedTime | null {
  const time = CLOCK_TIME.exec(text) ?? DOTTED_TIME.exec(text);
  if (!time) return null;
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  const meridiem = time[3]?.toLowerCase();
  if (meridiem === 'p' && hour < 12) hour += 12;
  if (meridiem === 'a' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return null;
  const rest = text.slice(0, time.index) + ' ' + text.slice(time.index + time[0].length);
  const year = /\b((?:19|20)\d{2})\b/.exec(rest);
  const days = new Set((rest.match(/(?<![\d:+-])\d{1,2}(?!\d|:)/g) ?? []).map(Number).filter((day) => day >= 1 && day <= 31));
  return { hour, minute, year: year ? Number(year[1]) : null, days };
}

/** The quoted date is `date` in some time zone. */
function sameMoment(text: string, date: Date | null): boolean {
  const quoted = quotedTime(text);
  if (!quoted || !date) return false;
  for (let offset = -MAX_ZONE_MINUTES; offset <= MAX_ZONE_MINUTES; offset += ZONE_STEP_MINUTES) {
    const local = new Date(date.getTime() + offset * 60_000);
    if (local.getUTCHours() !== quoted.hour || local.getUTCMinutes() !== quoted.minute) continue;
    if (quoted.year !== null && local.getUTCFullYear() !== quoted.year) continue;
    if (quoted.days.size === 0 || quoted.days.has(local.getUTCDate())) return true;
  }
  return false;
}

function namesAuthor(text: string, candidate: ParentCandidate): boolean {
  const lower = text.toLowerCase();
  const address = candidate.fromAddress.toLowerCase();
  const name = candidate.fromName.toLowerCase().trim();
  return (address.includes('@') && lower.includes(address)) || (name.length >= 3 && lower.includes(name));
}

/**
 * True when the orphan's quoted header block or attribution names the candidate: its author (name or
 * address), its date (in any time zone) and its subject (the block's, else the reply's own); and the
 * candidate came first.
 */
export function namesParent(orphan: Orphan, candidate: ParentCandidate): boolean {
  if (candidate.messageId === orphan.messageId) return false;
  if (orphan.date && candidate.date && candidate.date.getTime() > orphan.date.getTime()) return false;
  const subject = subjectKey(orphan.quoted.subject ?? orphan.subject);
  if (subject === '' || subjectKey(candidate.subject) !== subject) return false;
  return namesAuthor(orphan.quoted.author, candidate) && sameMoment(orphan.quoted.date, candidate.date);
}

/** Each orphan's parent: the latest candidate its quoted block names; orphans naming none are left out. */
export function inferParents(orphans: readonly Orphan[], candidates: readonly ParentCandidate[]): Map<string, string> {
  const bySubject = new Map<string, ParentCandidate[]>();
  for (const candidate of candidates) {
    const key = subjectKey(candidate.subject);
    const sameSubject = bySubject.get(key);
    if (sameSubject) sameSubject.push(candidate);
    else bySubject.set(key, [candidate]);
  }
  const parents = new Map<string, string>();
  for (const orphan of orphans) {
    const named = (bySubject.get(subjectKey(orphan.quoted.subject ?? orphan.subject)) ?? []).filter((c) => namesParent(orphan, c));
    const latest = named.sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
    if (latest) parents.set(orphan.messageId, latest.messageId);
  }
  return parents;
}
