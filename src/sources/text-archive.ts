/** Where the IETF published monthly mailbox files, `<list>/<YYYY-MM>.mail`; a secondary source today. */
export const defaultTextArchiveUrl = 'https://www.ietf.org/mail-archive/text';

/** One monthly file a directory listing links to. */
export interface MonthlyFile {
  /** `2021-02`. */
  month: string;
  url: string;
}

/** The directory of a list's monthly files: `<base>/<list>/`. */
export function textArchiveListUrl(base: string, list: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(list)}/`;
}

/**
 * The `YYYY-MM.mail` (or `.mail.gz`) files a directory listing links to, oldest first, each once (a
 * month offered both plain and gzipped is read plain).
 */
export function parseTextArchiveListing(html: string, listingUrl: string): MonthlyFile[] {
  const byMonth = new Map<string, MonthlyFile>();
  for (const match of html.matchAll(/href\s*=\s*["']([^"']*?(\d{4}-(?:0[1-9]|1[0-2]))\.mail(\.gz)?)["']/gi)) {
    const [, href, month, gzipped] = match;
    const known = byMonth.get(month!);
    if (known && (gzipped || !known.url.endsWith('.gz'))) continue;
    byMonth.set(month!, { month: month!, url: new URL(href!, listingUrl).href });
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}
