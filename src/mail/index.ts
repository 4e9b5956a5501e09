export { parseMessage, type ParseOptions } from './decode.js';
export { archiveId, archiveUrl } from './archive-id.js';
export { listOfCopy } from './list.js';
export { normaliseIdentity, participantKey, type IdentityContext, type Mailbox } from './identity.js';
export { normaliseMessageId } from './message-id.js';
export { segmentPlainText, segmentHtml } from './own-text.js';
export { baseSubject } from './subject.js';
export { MailParseError } from './types.js';
export type { Attachment, BodySource, DateSource, Identity, Message, ParsedMail, Segment } from './types.js';
