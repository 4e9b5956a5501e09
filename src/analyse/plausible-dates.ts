/**
 * A sender's clock can say anything: a reply dated in the year 2500 (or 1970) would stretch a thread's
 * span, its timeline and its charts over centuries. The thread's dates are trusted where they hang
 * together: around the median date, each within a year of the next, none later than now and no reply
 * well before the thread's first message. The rest are implausible: shown where the message sits in
 * the thread, flagged, and left out of spans, timelines and charts.
 */

const day = 86_400_000;
const year = 365 * day;

interface Dated {
  messageId: string;
  date: Date | null;
}

/** The Message-IDs of the messages of a thread (in thread order, the first one first) whose dates are implausible. */
export function implausiblyDated(messages: readonly Dated[], now = new Date()): Set<string> {
  const latest = now.getTime() + day;
  const dated = messages.filter((m): m is Dated & { date: Date } => m.date !== null);
  const inTime = dated.filter((m) => m.date.getTime() <= latest).sort((a, b) => a.date.getTime() - b.date.getTime());
  const trusted = new Set<string>();
  if (inTime.length > 0) {
    const middle = Math.floor((inTime.length - 1) / 2);
    trusted.add(inTime[middle]!.messageId);
    for (let i = middle + 1; i < inTime.length && inTime[i]!.date.getTime() - inTime[i - 1]!.date.getTime() <= year; i++) trusted.add(inTime[i]!.messageId);
    for (let i = middle - 1; i >= 0 && inTime[i + 1]!.date.getTime() - inTime[i]!.date.getTime() <= year; i--) trusted.add(inTime[i]!.messageId);
  }
  const first = messages[0];
  const opened = first?.date && trusted.has(first.messageId) ? first.date.getTime() : null;
  return new Set(
    dated
      .filter((m) => !trusted.has(m.messageId) || (opened !== null && m !== first && m.date.getTime() < opened - day))
      .map((m) => m.messageId),
  );
}
