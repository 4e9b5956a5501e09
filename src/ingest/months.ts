/**
 * Months and years as the archive names its periods in URLs: `2021-02`, `2021`. All in UTC, as the
 * archive dates messages.
 */

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return monthPattern.test(text);
}

/** The month `date` falls in (UTC). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** Months are counted from year 0 so that ranges are plain integer ranges. */
function monthIndex(month: string): number {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthAt(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: string, count: number): string {
  return monthAt(monthIndex(month) + count);
}

/** Every month from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let index = monthIndex(first); index <= monthIndex(last); index++) months.push(monthAt(index));
  return months;
}

/** The first instant of a period (`2021-02` or `2021`). */
export function periodStart(period: string): Date {
  return new Date(`${period.length === 4 ? `${period}-01` : period}-01T00:00:00Z`);
}

/** The first instant after a period (`2021-02` or `2021`). */
export function periodEnd(period: string): Date {
  if (period.length === 4) return new Date(`${Number(period) + 1}-01-01T00:00:00Z`);
  return periodStart(addMonths(period, 1));
}

/** The period an archive URL ends with (`…/thread/2021-02/`, `…/2021/`, `…/2021-02.mail`), if any. */
export function periodOfUrl(url: string): string | null {
  const match = /\/(\d{4}(?:-\d{2})?)(?:\/|\.mail(?:\.gz)?)$/.exec(new URL(url).pathname);
  return match ? match[1]! : null;
}
