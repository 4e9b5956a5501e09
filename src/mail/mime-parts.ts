import path from 'node:path';
import { decode as decodeBase64 } from 'libbase64';
import libmime from 'libmime';
import { decode as decodeQuotedPrintable } from 'libqp';
import addressparser from 'nodemailer/lib/addressparser';
import { toUnicode } from 'nodemailer/lib/punycode';
import { maxAnalysedChars } from './body.js';
import { decodeOrFallBack, SNIFF_CHARSET } from './charset.js';
import type { RawHeaderField } from './headers.js';
import type { Mailbox } from './identity.js';
import type { MimeLeaf, MimeStructure } from './mime-scan.js';

/**
 * What listlens reads of a decoded message, whichever decoder produced it: mailparser
 * (`mailparserContent` in decode.ts) or `decodeParts` here.
 */
export interface MailContent {
  subject: string;
  from: Mailbox[];
  replyTo: Mailbox[];
  /** Every inline text/plain part, joined by newlines (mailparser's `text`). */
  plain: string;
  /** Every inline text/html part (mailparser's `html`). */
  html: string;
  attachments: PartAttachment[];
  /** Charset problems met while decoding text parts. */
  warnings: string[];
}

export interface PartAttachment {
  contentType: string;
  filename: string | null;
  /** Decoded size in bytes. */
  size: number;
  charset: string | null;
  content: Buffer;
}

/**
 * Decodes a message of plain structure (see MimeScan.plainStructure) in one pass over its leaves,
 * with mailparser's own libraries (libmime, libqp, libbase64, nodemailer's address parser) and
 * mailparser's rules for which part is text, HTML or attachment. It gives what mailparser gives for
 * these messages (test/mail/mime-parts.test.ts checks that), at a fraction of the cost: mailparser
 * runs a chain of streams per part. Null for a text part in a charset mailparser refuses to decode.
 */
export function decodeParts(structure: MimeStructure): MailContent | null {
  const { text: raw, top } = structure;
  const leaves = structure.leaves.map((leaf) => describeLeaf(raw, leaf));
  if (leaves.some((leaf) => !leaf.attachment && isRefusedCharset(leaf.charset))) return null;
  return {
    subject: decodeWordsSafely(firstValue(raw, top, 'subject')),
    from: addresses(firstValue(raw, top, 'from')),
    replyTo: addresses(firstValue(raw, top, 'reply-to')),
    ...bodyOf(leaves),
  };
}

/** The text, HTML and attachments of the leaves, joined as mailparser joins them. */
function bodyOf(leaves: readonly Leaf[]): Pick<MailContent, 'plain' | 'html' | 'attachments' | 'warnings'> {
  const inline = (type: string) => leaves.some((leaf) => !leaf.attachment && leaf.contentType === type);
  const [hasText, hasHtml] = [inline('text/plain'), inline('text/html')];
  const body = { plain: [] as string[], html: [] as string[], attachments: [] as PartAttachment[], warnings: [] as string[] };
  for (const leaf of leaves) {
    if (leaf.attachment) {
      body.attachments.push(attachmentOf(leaf));
      continue;
    }
    const decoded = textOf(leaf, body.warnings);
    if (decoded === '') continue;
    // mailparser (text to HTML off) adds an empty HTML piece for a plain part outside an alternative, and the reverse.
    if (leaf.contentType === 'text/plain') {
      body.plain.push(decoded);
      if (!leaf.alternative && hasHtml) body.html.push('');
    } else {
      if ((!leaf.alternative && hasText) || (leaf.root && !hasText)) body.plain.push('');
      body.html.push(decoded);
    }
  }
  return { ...body, plain: body.plain.join('\n'), html: body.html.join('<br/>\n') };
}

/** The first field named `name`, unfolded and read as UTF-8 as mailparser reads it (encoded words kept). */
function firstValue(text: string, fields: readonly RawHeaderField[], name: string): string {
  const field = fields.find((candidate) => candidate.name === name);
  if (!field) return '';
  return Buffer.from(libmime.decodeHeader(text.slice(field.start, field.end)).value.trim(), 'latin1').toString('utf8');
}

/** Charsets mailparser never decodes a body from (UTF-7 can smuggle markup; base64 and hex are not charsets). */
function isRefusedCharset(charset: string | null): boolean {
  return /^(?:(?:cs)?unicode11)?utf7(?:imap)?$|^base64$|^hex$/.test((charset ?? '').toLowerCase().replace(/[^a-z0-9]/g, ''));
}

function decodeWordsSafely(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

const ENCODED_WORD = /=\?[^?]+\?[BbQq]\?[^?]*\?=/;

interface ParsedAddress {
  name?: string;
  address?: string;
  group?: ParsedAddress[];
}

/** Every mailbox of an address field, groups flattened, decoded as mailparser decodes them. */
function addresses(value: string): Mailbox[] {
  if (value === '') return [];
  const flatten = (entry: ParsedAddress): ParsedAddress[] => (entry.group ? entry.group.flatMap(flatten) : [entry]);
  return (addressparser(value) as ParsedAddress[]).flatMap(flatten).map((entry) => ({
    name: decodeWordsSafely((entry.name ?? '').trim()),
    address: decodedAddress(entry.address ?? ''),
  }));
}

/** An address with encoded words is kept only when it decodes to a plain addr-spec; IDN domains are shown in Unicode. */
function decodedAddress(address: string): string {
  let result = address;
  if (ENCODED_WORD.test(result)) {
    const decoded = decodeWordsSafely(result);
    result = /^[^\s@]+@[^\s@]+$/.test(decoded) && !/=\?/.test(decoded) ? decoded : '';
  }
  if (/@xn--/.test(result)) {
    const at = result.lastIndexOf('@') + 1;
    try {
      result = result.slice(0, at) + toUnicode(result.slice(at));
    } catch {
      // not valid punycode: kept as it is
    }
  }
  return result;
}

interface Leaf {
  contentType: string;
  charset: string | null;
  filename: string | null;
  attachment: boolean;
  root: boolean;
  alternative: boolean;
  /** The body after transfer decoding. */
  body: Buffer;
  relabelled: boolean;
  flowed: boolean;
  delSp: boolean;
}

const TEXT_TYPES = new Set(['text/plain', 'text/html']);

function describeLeaf(text: string, leaf: MimeLeaf): Leaf {
  const field = (name: string): string => firstValue(text, leaf.fields, name);
  const disposition = libmime.parseHeaderValue(field('content-disposition'), { stripComments: true });
  const dispositionFilename = disposition.params['filename'];
  const contentTypeValue = field('content-type') || defaultContentType(disposition.value, dispositionFilename);
  const contentType = libmime.parseHeaderValue(contentTypeValue, { stripComments: true });
  const type = (contentType.value || '').toLowerCase().trim() || 'text/plain';
  const dispositionValue = decodeWordsSafely((disposition.value || '').toLowerCase().trim());
  const inline = dispositionValue === 'inline' || (dispositionValue === '' && TEXT_TYPES.has(type));
  const format = (contentType.params['format'] ?? '').toLowerCase().trim();
  const filename = dispositionFilename || contentType.params['name'] || null;
  // An RFC 2231 parameter (`filename*=`) is decoded already; only a plain one may hold encoded words.
  const decoded = dispositionFilename ? disposition.decodedParams.includes('filename') : contentType.decodedParams.includes('name');
  return {
    contentType: type,
    charset: contentType.params['charset'] || null,
    filename: filename === null || decoded ? filename : decodeWordsSafely(filename),
    attachment: !TEXT_TYPES.has(type) || !inline,
    root: leaf.root,
    alternative: leaf.alternative,
    relabelled: leaf.relabelled,
    body: transferDecoded(text.slice(leaf.bodyStart, bodyEnd(leaf, !TEXT_TYPES.has(type) || !inline)), field('content-transfer-encoding').toLowerCase().trim()),
    flowed: type === 'text/plain' && format === 'flowed',
    delSp: (contentType.params['delsp'] ?? '').toLowerCase().trim() === 'yes',
  };
}

/**
 * Where to stop reading a leaf's body. A text part is read only as far as analysis goes (each
 * character takes at most 4 encoded bytes), so a 32 MiB text part is never decoded whole.
 */
function bodyEnd(leaf: MimeLeaf, attachment: boolean): number {
  return attachment ? leaf.bodyEnd : Math.min(leaf.bodyEnd, leaf.bodyStart + 4 * maxAnalysedChars);
}

/** mailsplit's default for a part without Content-Type: by the filename's extension, else by disposition. */
function defaultContentType(disposition: string, filename: string | undefined): string {
  const extension = filename ? path.extname(filename).slice(1) : '';
  if (extension) return libmime.detectMimeType(extension);
  return /^attachment$/i.test(disposition) ? 'application/octet-stream' : 'text/plain';
}

function transferDecoded(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return decodeBase64(body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

/** mailparser decodes these charset labels as UTF-8 itself; any other goes through `decodeBytes`. */
const UTF8_LABELS = new Set(['ascii', 'usascii', 'utf8']);

function textOf(leaf: Leaf, warnings: string[]): string {
  const body = leaf.flowed ? Buffer.from(libmime.decodeFlowed(leaf.body.toString('latin1'), leaf.delSp), 'latin1') : leaf.body;
  const label = leaf.relabelled ? SNIFF_CHARSET : (leaf.charset ?? 'utf-8');
  let decoded: string;
  if (UTF8_LABELS.has(label.toLowerCase().replace(/[^a-z0-9]+/g, ''))) {
    decoded = body.toString('utf8');
  } else {
    const result = decodeOrFallBack(body, label.toLowerCase() === 'ks_c_5601-1987' ? 'CP949' : label);
    if (result.warning && !warnings.includes(result.warning)) warnings.push(result.warning);
    decoded = result.text;
  }
  return decoded.replace(/\r?\n/g, '\n');
}

function attachmentOf(leaf: Leaf): PartAttachment {
  const contentType =
    leaf.contentType === 'application/octet-stream' && leaf.filename
      ? libmime.detectMimeType(leaf.filename) || 'application/octet-stream'
      : leaf.contentType;
  return { contentType, filename: leaf.filename, size: leaf.body.length, charset: leaf.charset, content: leaf.body };
}
