import type { AddressObject, Attachment as MailparserAttachment, EmailAddress, SimpleParserOptions, StructuredHeader } from 'mailparser';
import { archivedAtUrls } from './archive-id.js';
import { boundText, chooseBody, footerOfAttachment, listedAttachment, maxAnalysedChars } from './body.js';
import { charsetDecoderClass } from './charset.js';
import { messageDate } from './dates.js';
import { firstHeader, headerValues, MAX_HEADER_BYTES, type HeaderField } from './headers.js';
import { mailboxFromObfuscated, normaliseIdentity, type Mailbox } from './identity.js';
import { listAddressesOfFields, listsOfFields } from './list.js';
import { bracketedIds, firstBracketedId, messageIdOf, syntheticMessageId } from './message-id.js';
import { decodeParts, type MailContent, type PartAttachment } from './mime-parts.js';
import { MAX_MIME_PARTS, prepareMessage, type PreparedMessage } from './mime-scan.js';
import { ownTextOf } from './own-text.js';
import { baseSubject } from './subject.js';
import { MailParseError, type Attachment, type Identity, type Message, type ParsedMail } from './types.js';

export interface ParseOptions {
  /** The date of the mbox `From ` line the message came under: the last resort for its date. */
  envelopeDate?: Date | null;
}

/** Only what listlens reads: no HTML rendering of text, no link detection, no image inlining, no checksums. */
const PARSER_OPTIONS: SimpleParserOptions = {
  skipHtmlToText: true,
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
  ignoreEmbedded: true,
  maxHeadSize: MAX_HEADER_BYTES,
  maxChildNodes: MAX_MIME_PARTS,
};

/** The message's content: decoded in one pass when its structure is plain, else by mailparser. */
async function contentOf(prepared: PreparedMessage): Promise<MailContent> {
  const content = prepared.structure ? decodeParts(prepared.structure) : null;
  return content ?? (await mailparserContent(prepared.bytes));
}

/** Loaded when a message first needs it: most take the one-pass decoder, and loading it takes 50 to 80 ms. */
let mailparser: Promise<typeof import('mailparser')> | null = null;

export async function mailparserContent(bytes: Buffer): Promise<MailContent> {
  const { simpleParser } = await (mailparser ??= import('mailparser'));
  const warnings: string[] = [];
  try {
    const mail = await simpleParser(bytes, { ...PARSER_OPTIONS, Iconv: charsetDecoderClass(warnings) });
    return {
      subject: mail.subject ?? '',
      from: mailboxes(mail.from),
      replyTo: mailboxes(mail.replyTo),
      plain: mail.text ?? '',
      html: mail.html || '',
      attachments: mail.attachments.map(partAttachment),
      warnings,
    };
  } catch (error) {
    throw new MailParseError(`unreadable MIME structure: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function partAttachment(attachment: MailparserAttachment): PartAttachment {
  const contentType = attachment.headers.get('content-type') as StructuredHeader | undefined;
  return {
    contentType: attachment.contentType,
    filename: attachment.filename ?? null,
    size: attachment.size,
    charset: contentType?.params?.['charset'] ?? null,
    content: attachment.content,
  };
}

function mailboxes(header: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const flatten = (entry: EmailAddress): EmailAddress[] => (entry.group ? entry.group.flatMap(flatten) : [entry]);
  return [header ?? []]
    .flat()
    .flatMap((object) => object.value.flatMap(flatten))
    .map((entry) => ({ name: entry.name, address: entry.address ?? '' }));
}

function senderOf(content: MailContent, fields: readonly HeaderField[]): Identity {
  const rawFrom = firstHeader(fields, 'from') ?? '';
  const parsed = content.from[0];
  const mailbox = parsed?.address ? parsed : (mailboxFromObfuscated(rawFrom) ?? parsed ?? { name: '', address: '' });
  return normaliseIdentity(mailbox, { replyTo: content.replyTo, listAddresses: listAddressesOfFields(fields) });
}

function asksNotToBeArchived(fields: readonly HeaderField[]): boolean {
  return (
    headerValues(fields, 'x-no-archive').some((value) => /^yes\b/i.test(value)) ||
    headerValues(fields, 'x-archive').some((value) => /^no\b/i.test(value))
  );
}

function sortAttachments(parsed: readonly PartAttachment[]): { attachments: Attachment[]; footers: string[] } {
  const attachments: Attachment[] = [];
  const footers: string[] = [];
  for (const attachment of parsed) {
    const footer = footerOfAttachment(attachment);
    if (footer === null) attachments.push(listedAttachment(attachment));
    else footers.push(footer);
  }
  return { attachments, footers };
}

interface OwnId {
  messageId: string;
  messageIdSynthetic: boolean;
  warning: string | null;
}

function ownIdOf(fields: readonly HeaderField[], content: { from: Identity; subject: string; ownText: string }): OwnId {
  const messageId = messageIdOf(firstHeader(fields, 'message-id'));
  if (messageId !== null) return { messageId, messageIdSynthetic: false, warning: null };
  const synthetic = syntheticMessageId({
    fromAddress: content.from.address,
    dateHeader: firstHeader(fields, 'date') ?? '',
    baseSubject: baseSubject(content.subject),
    ownText: content.ownText,
  });
  return { messageId: synthetic, messageIdSynthetic: true, warning: 'no Message-ID: synthesised one from the content' };
}

/**
 * Decodes one message's bytes. `list` is the list this copy came from, read from its own headers
 * (see `listOfCopy`). Never throws on bad headers or bodies (problems become `warnings`); throws
 * MailParseError only when the bytes are not a message at all or exceed the parser's bounds.
 */
export async function parseMessage(bytes: Buffer, options: ParseOptions = {}): Promise<ParsedMail> {
  const prepared = prepareMessage(bytes);
  const content = await contentOf(prepared);
  const warnings = [...prepared.warnings, ...content.warnings];
  const fields = prepared.fields;
  const lists = listsOfFields(fields);
  const { attachments, footers } = sortAttachments(content.attachments);
  const [plain, html] = [boundText(content.plain), boundText(content.html)];
  if (plain.cut || html.cut) warnings.push(`body text longer than ${maxAnalysedChars / 1024 / 1024} Mi characters: only its start is analysed (the raw message is stored whole)`);
  const body = chooseBody({ plain: plain.text, html: html.text, footers, listNames: lists });
  const ownText = ownTextOf(body.segments);
  const subject = content.subject.trim();
  const from = senderOf(content, fields);
  const dated = messageDate(fields, options.envelopeDate ?? null);
  const id = ownIdOf(fields, { from, subject, ownText });
  const inReplyTo = firstHeader(fields, 'in-reply-to');
  for (const warning of [dated.warning, id.warning]) if (warning) warnings.push(warning);

  const message: Message = {
    messageId: id.messageId,
    messageIdSynthetic: id.messageIdSynthetic,
    date: dated.date,
    dateSource: dated.dateSource,
    from,
    subject,
    baseSubject: baseSubject(subject),
    inReplyTo: inReplyTo === null ? null : firstBracketedId(inReplyTo),
    references: headerValues(fields, 'references').flatMap(bracketedIds),
    archivedAt: archivedAtUrls(headerValues(fields, 'archived-at')),
    noArchive: asksNotToBeArchived(fields),
    text: body.text,
    bodySource: body.bodySource,
    ownText,
    segments: body.segments,
    attachments,
    warnings,
  };
  return { message, list: lists[0] ?? null };
}
