import { looksLikeKramdown, parseKramdown } from './kramdown.js';
import { parseTxt } from './txt.js';
import type { Draft } from './types.js';
import { parseXml2rfc } from './xml2rfc.js';

export interface ParseDraftOptions {
  /** The file's name (`draft-x-11.xml`): gives the name or revision when the content does not. */
  fileName?: string;
}

/**
 * Reads a draft in any of the forms its authors and the IETF publish it in: xml2rfc v2 or v3 XML,
 * kramdown-rfc markdown, or text (the official paginated `.txt` layout, or an unpaginated rendering).
 * Throws `DraftParseError` (or `XmlSyntaxError`) when the content is none of these.
 */
export function parseDraft(content: string, options: ParseDraftOptions = {}): Draft {
  const start = content.replace(/^\ufeff/, '').trimStart();
  if (start.startsWith('<')) return parseXml2rfc(content, options.fileName);
  if (looksLikeKramdown(start)) return parseKramdown(start, options.fileName);
  return parseTxt(content, options.fileName);
}
