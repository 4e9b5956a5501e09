import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail as MailparserMail, type SimpleParserOptions } from 'mailparser';
import { archivedAtUrls } from './archive-id.js';
import { chooseBody, footerOfAttachment, listedAttachment } from './body.js';
import { charsetDecoderClass } from './charset.js';
import { messageDate } from './dates.js';
import { firstHeader, headerValues, MAX_HEADER_BYTES, type HeaderField } from './headers.js';
import { mailboxFromObfuscated, normaliseIdentity, type Mailbox } from './identity.js';
import { listAddressesOfFields, listsOfFields } from './list.js';
import { bracketedIds, firstBracketedId, messageIdOf, syntheticMessageId } from './message-id.js';
import { MAX_MIME_PARTS, prepareMessage } from './mime-scan.js';
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

async function runMailparser(bytes: Buffer, warnings: string[]): Promise<MailparserMail> {
  try {
    return await simpleParser(bytes, { ...PARSER_OPTIONS, Iconv: charsetDecoderClass(warnings) });
  } catch (error) {
    throw new MailParseError(`unreadable MIME structure: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function mailboxes(header: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const flatten = (entry: EmailAddress): EmailAddress[] => (entry.group ? entry.group.flatMap(flatten) : [entry]);
  return [header ?? []]
    .flat()
    .flatMap((object) => object.value.flatMap(flatten))
    .map((entry) => ({ name: entry.name, address: entry.address ?? '' }));
}

function senderOf(mail: MailparserMail, fields: readonly HeaderField[]): Identity {
  const rawFrom = firstHeader(fields, 'from') ?? '';
  const parsed = mailboxes(mail.from)[0];
  const mailbox = parsed?.address ? parsed : (mailboxFromObfuscated(rawFrom) ?? parsed ?? { name: '', address: '' });
  return normaliseIdentity(mailbox, { replyTo: mailboxes(mail.replyTo), listAddresses: listAddressesOfFields(fields) });
}

function asksNotToBeArchived(fields: readonly HeaderField[]): boolean {
  return (
    headerValues(fields, 'x-no-archive').some((value) => /^yes\b/i.test(value)) ||
    headerValues(fields, 'x-archive').some((value) => /^no\b/i.test(value))
  );
}

function sortAttachments(parsed: MailparserMail['attachments']): { attachments: Attachment[]; footers: string[] } {
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
  const warnings = [...prepared.warnings];
  const mail = await runMailparser(prepared.bytes, warnings);
  const fields = prepared.fields;
  const lists = listsOfFields(fields);
  const { attachments, footers } = sortAttachments(mail.attachments);
  const body = chooseBody({ plain: mail.text ?? '', html: mail.html || '', footers, listNames: lists });
  const ownText = ownTextOf(body.segments);
  const subject = (mail.subject ?? '').trim();
  const from = senderOf(mail, fields);
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
