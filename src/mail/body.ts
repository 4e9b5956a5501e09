import { decodeBytes, decodeOrFallBack } from './charset.js';
import type { PartAttachment } from './mime-parts.js';
import { segmentHtml, segmentPlainText } from './own-text.js';
import type { Attachment, BodySource, Segment } from './types.js';

export interface Body {
  text: string;
  bodySource: BodySource;
  segments: Segment[];
}

/** A Mailman footer: a run starting with a `___` rule that points at the list's listinfo page. */
export function isMailmanFooter(text: string): boolean {
  return /^\s*_{3,}/.test(text) && text.includes('listinfo');
}

/** The text of a text/plain attachment that is really the list's footer part, else null. */
export function footerOfAttachment(attachment: PartAttachment): string | null {
  if (attachment.contentType !== 'text/plain' || attachment.size > 4096) return null;
  const text = decodeBytes(attachment.content, attachment.charset).text.replace(/\r\n/g, '\n');
  return isMailmanFooter(text) ? text : null;
}

/** Attached text the author wrote (a gap list, notes) is read for claims; larger files are only listed. */
const readableAttachmentTypes = new Set(['text/plain', 'text/csv', 'text/markdown']);
const maxReadableAttachmentBytes = 64 * 1024;

export function listedAttachment(attachment: PartAttachment): Attachment {
  const listed: Attachment = { filename: attachment.filename ?? null, contentType: attachment.contentType, size: attachment.size };
  if (!readableAttachmentTypes.has(attachment.contentType) || attachment.filename === null) return listed;
  if (attachment.size > maxReadableAttachmentBytes) return listed;
  return { ...listed, text: decodeOrFallBack(attachment.content, attachment.charset ?? 'utf-8').text.replace(/\r\n/g, '\n') };
}

/**
 * Body text past this many characters is not analysed (segments, own text, search): a message near the
 * 32 MiB size limit would otherwise cost gigabytes. The stored raw message stays whole.
 */
export const maxAnalysedChars = 1024 * 1024;

/** `text` cut to at most `limit` characters, at the end of a line where one is near; `cut` says whether it was. */
export function boundText(text: string, limit: number = maxAnalysedChars): { text: string; cut: boolean } {
  if (text.length <= limit) return { text, cut: false };
  const lineEnd = text.lastIndexOf('\n', limit - 1);
  return { text: text.slice(0, lineEnd >= limit / 2 ? lineEnd + 1 : limit), cut: true };
}

function hasText(text: string): boolean {
  return text.trim() !== '';
}

/** Appends `tail` on a line of its own. */
function appendOnNewLine(text: string, tail: string): string {
  if (!hasText(tail)) return text;
  if (!text) return tail;
  return text.endsWith('\n') ? text + tail : `${text}\n${tail}`;
}

function joinSegments(segments: readonly Segment[]): string {
  return segments.map((segment) => segment.text).join('');
}

export interface BodyParts {
  /** mailparser's text: every text/plain part, joined by newlines. */
  plain: string;
  /** mailparser's HTML: every text/html part. */
  html: string;
  /** Footer parts that mailparser listed as attachments. */
  footers: readonly string[];
  listNames: string[];
}

/**
 * The body's text and segments: the plain text when it has any words of its own, else the HTML
 * converted (only then, as conversion costs), with the list footer kept at the end either way so
 * that segmentation can mark it.
 */
export function chooseBody(parts: BodyParts): Body {
  const options = { listNames: parts.listNames };
  const footer = parts.footers.join('\n');
  const plainIsFooterOnly = isMailmanFooter(parts.plain);
  if (hasText(parts.plain) && !plainIsFooterOnly) {
    return plainBody(appendOnNewLine(parts.plain, footer), options.listNames);
  }
  if (hasText(parts.html)) {
    const segments = segmentHtml(parts.html, options);
    const tail = appendOnNewLine(plainIsFooterOnly ? parts.plain.replace(/^\s+/, '') : '', footer);
    if (hasText(tail)) {
      const separator = joinSegments(segments).endsWith('\n') || segments.length === 0 ? '' : '\n';
      segments.push(...segmentPlainText(separator + tail, options));
    }
    return { text: joinSegments(segments), bodySource: 'html', segments };
  }
  const text = appendOnNewLine(parts.plain, footer);
  if (hasText(text)) return plainBody(text, options.listNames);
  return { text: '', bodySource: 'none', segments: [] };
}

function plainBody(text: string, listNames: string[]): Body {
  const segments = segmentPlainText(text, { listNames });
  return { text: joinSegments(segments), bodySource: 'plain', segments };
}
