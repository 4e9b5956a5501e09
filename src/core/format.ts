/** `1 message`, `2 messages`, `0 messages`; `many` where adding `s` is wrong (`person`, `people`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The UTC day of a date, `2021-02-19`. A caller that may have no date says what to write instead:
 * each output has its own word for it (`undated` in reports, a placeholder as wide as a day where
 * columns must line up).
 */
export function isoDay(date: Date): string;
export function isoDay(date: Date | null, undated: string): string;
export function isoDay(date: Date | null, undated = ''): string {
  return date ? date.toISOString().slice(0, 10) : undated;
}

/** The full UTC timestamp, `2021-02-19T14:02:37.000Z`, or null: the form every JSON output gives dates in. */
export function isoTime(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** The largest of `values`, at least `floor`: a loop, since `Math.max(...values)` overflows the stack on a long array. */
export function largest(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}

/**
 * `text` without the run of `chars` it ends with. A loop, not `/[ \t]+$/`: that pattern is tried from
 * every blank of a long run in the middle of a line and scans it each time, quadratic in the run.
 */
export function trimTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}
