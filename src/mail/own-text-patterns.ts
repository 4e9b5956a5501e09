/**
 * Line patterns that mark where the author's own words stop: quote prefixes, attribution lines,
 * Outlook/forward markers, signature and Mailman footer separators. Each test takes one line's
 * content (no line terminator) or a window of lines.
 */
import { isDeviceSignOff } from './salutations.js';

const QUOTE_PREFIX = /^[ \t]{0,2}>/;

/** A line quoted with `>` (any depth, `> >` too). */
export function isQuotedLine(line: string): boolean {
  return QUOTE_PREFIX.test(line);
}

export function isBlankLine(line: string): boolean {
  return line.trim() === '';
}

/** Collapses a window of wrapped lines into one line of single spaces, as an attribution reads. */
export function joinWrapped(lines: readonly string[]): string {
  return lines
    .join(' ')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Attributions

const MAX_ATTRIBUTION_LENGTH = 320;

/** Attributions whose opening word, date and closing verb are the client's fixed template. */
const ANCHORED_ATTRIBUTIONS: readonly RegExp[] = [
  /^On\s(?=.*\d).+\s(?:wrote|writes|said)\s?:$/,
  // The Bat!: "Friday, February 19, 2021, 2:02:37 PM, you wrote:"
  /^(?=.*\d{4}).+,\s+you\s(?:wrote|writes)\s?:$/i,
  /^Am\s(?=.*\d).+\sschrieb(?:\s.+)?\s?:$/,
  /^El\s(?=.*\d).+\sescribi[óo]\s?:$/,
  /^Le\s(?=.*\d).+\sa [ée]crit\s?:$/,
  /^Il\s(?=.*\d).+\sha scritto\s?:$/,
  /^Em\s(?=.*\d).+\sescreveu\s?:$/,
  /^Op\s(?=.*\d).+\sschreef(?:\s.+)?\s?:$/,
  /^Den\s(?=.*\d).+\sskrev(?:\s.+)?\s?:$/,
  /^\d{4}年\d{1,2}月\d{1,2}日.*[:：]$/,
  /^\d{4}년\s?\d{1,2}월\s?\d{1,2}일.*[:：]$/,
  /(?:写道|寫道|書きました|님이 작성)\s?[:：]$/,
  /\s(?:пишет|написал|написала|написал\(а\))\s?:$/,
];

/**
 * Attributions that read like ordinary prose ("Jane Doe wrote:"); accepted only right before a quote
 * and when what precedes the verb looks like a name or an address.
 */
const NAMED_ATTRIBUTIONS: readonly RegExp[] = [
  /^(?<who>.+?)\s(?:wrote|writes|said)(?:\s.+)?\s?:$/,
  /^(?<who>.+?)\s(?:schrieb|skrev|kirjoitti|schreef|escribi[óo]|a [ée]crit|ha scritto|escreveu)(?:\s.+)?\s?:$/,
  /^(?:Quoting|Zitat von|Citando|Citation de|Cytuję)\s(?<who>.+)\s?:$/,
  /^\*\s(?<who>.*[<@[].*)\s?:$/,
];

/** Words that start prose, not a name: "As Jane wrote:", "I wrote:". */
const PROSE_OPENERS = new Set([
  'as', 'like', 'what', 'regarding', 're', 'someone', 'somebody', 'i', 'you', 'we', 'he', 'she',
  'they', 'it', 'this', 'that', 'who', 'which', 'where', 'when', 'the', 'a', 'an', 'my', 'our',
  'your', 'his', 'her', 'their', 'and', 'but', 'so', 'also', 'previously', 'earlier', 'above',
]);

const NAME_PARTICLES = new Set(['via', 'van', 'von', 'de', 'der', 'den', 'la', 'le', 'du', 'da', 'di', 'del', 'bin', 'al', 'y', 'e']);

function looksLikeNameOrAddress(who: string): boolean {
  if (/[@<]/.test(who)) return true;
  const words = who.replace(/[*"'()[\]]/g, ' ').trim().split(/\s+/);
  if (words.length === 0 || words.length > 6) return false;
  const first = words[0] ?? '';
  if (PROSE_OPENERS.has(first.toLowerCase())) return false;
  return words.every((word) => /^\p{Lu}/u.test(word) || NAME_PARTICLES.has(word.toLowerCase()) || /^[\d.,:+-]+$/.test(word));
}

/** True when the joined window is an attribution whatever follows it. */
export function isAnchoredAttribution(joined: string): boolean {
  return joined.length <= MAX_ATTRIBUTION_LENGTH && ANCHORED_ATTRIBUTIONS.some((re) => re.test(joined));
}

/** True when the joined window reads "<name> wrote:"-like; callers require a quote to follow. */
export function isNamedAttribution(joined: string): boolean {
  if (joined.length > MAX_ATTRIBUTION_LENGTH) return false;
  return NAMED_ATTRIBUTIONS.some((re) => {
    const who = re.exec(joined)?.groups?.['who'];
    return who !== undefined && looksLikeNameOrAddress(who);
  });
}

// ---------------------------------------------------------------------------------------------
// Top-post tails: Outlook header blocks, "Original Message", forwarded messages

export type TailKind = 'quote' | 'forwarded';

const ORIGINAL_MESSAGE =
  /^\s*-{3,}\s*(?:Original Message|Original|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Mensagem original|Originalmeddelande|Alkuperäinen viesti|Původní zpráva|Oryginalna wiadomość|原始邮件|元のメッセージ)\s*-{3,}\s*$/i;

/** Opens `---- Forwarded message ----`; `isForwardedRule` checks the closing dashes in code (`.*-{3,}\s*$` backtracked). */
const FORWARDED_RULE =
  /^\s*-{3,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Mensaje reenviado|Message transféré|Messaggio inoltrato|Doorgestuurd bericht|Mensagem encaminhada|Vidarebefordrat meddelande|Välitetty viesti|转发的邮件|転送されたメッセージ)\b/i;

function isForwardedRule(line: string): boolean {
  return FORWARDED_RULE.test(line) && line.trimEnd().endsWith('---');
}

const BEGIN_FORWARDED =
  /^\s*(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Inicio del mensaje reenviado|Inizio messaggio inoltrato)\s*[:：]\s*$/i;

const OUTLOOK_RULE = /^\s*_{10,}\s*$/;

// `\s*(?:\*\s*)?`, not `\s*\*?\s*`: two neighbouring `\s*` split a run of spaces every way, and a line
// of spaces took time quadratic in its length (a 128 KiB message, 45 s).
const FROM_KEY = /^\s*(?:\*\s*)?(?:From|De|Von|Da|Van|Från|Fra|Od|От|发件人|寄件者|差出人)\s*(?:\*\s*)?[:：]\*?\s*\S/i;
const OTHER_KEY =
  /^\s*(?:\*\s*)?(?:Sent|Date|To|Cc|Bcc|Subject|Reply-To|Envoyé|À|A|Objet|Gesendet|Datum|An|Betreff|Kopie|Enviado|Fecha|Para|Asunto|Inviato|Oggetto|Data|Verzonden|Aan|Onderwerp|Skickat|Till|Ämne|Kopia|发送时间|收件人|主题|抄送|送信日時|宛先|件名)\s*(?:\*\s*)?[:：]/i;

const HEADER_RUN_LOOKAHEAD = 6;

/** A `From:` line followed, before any blank line, by at least `minOthers` other header lines. */
export function startsHeaderRun(lines: readonly string[], index: number, minOthers = 2): boolean {
  if (!FROM_KEY.test(lines[index] ?? '')) return false;
  let others = 0;
  for (let i = index + 1; i < lines.length && i <= index + HEADER_RUN_LOOKAHEAD; i++) {
    const line = lines[i] ?? '';
    if (isBlankLine(line)) break;
    if (OTHER_KEY.test(line)) others++;
  }
  return others >= minOthers;
}

/** True when a converted block's text opens with an Outlook-style `From:` header. */
export function opensWithFromHeader(text: string): boolean {
  return FROM_KEY.test(text.trimStart());
}

/** True when a converted block's text opens with a forwarded-message marker. */
export function opensWithForwardMarker(text: string): boolean {
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  return isForwardedRule(firstLine) || BEGIN_FORWARDED.test(firstLine);
}

function nextNonBlank(lines: readonly string[], from: number, within: number): number {
  for (let i = from; i < lines.length && i < from + within; i++) {
    if (!isBlankLine(lines[i] ?? '')) return i;
  }
  return -1;
}

/** Whether `lines[index]` opens a tail that runs to the end of the message, and of which kind. */
export function tailMarkerAt(lines: readonly string[], index: number): TailKind | null {
  const line = lines[index] ?? '';
  if (isForwardedRule(line) || BEGIN_FORWARDED.test(line)) return 'forwarded';
  if (ORIGINAL_MESSAGE.test(line)) return 'quote';
  if (OUTLOOK_RULE.test(line)) {
    const header = nextNonBlank(lines, index + 1, 2);
    return header >= 0 && startsHeaderRun(lines, header, 1) ? 'quote' : null;
  }
  return startsHeaderRun(lines, index) || keyOnlyHeaderRunAt(lines, index) ? 'quote' : null;
}

const SUBJECT_KEY =
  /^\s*(?:\*\s*)?(?:Subject|Objet|Betreff|Asunto|Oggetto|Assunto|Onderwerp|Ämne|Temat|主题|主旨|件名)\s*(?:\*\s*)?[:：]/i;
const DATE_AND_TIME = /\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\D{1,12}\d{1,2}:\d{2}/;
const KEY_ONLY_RUN_LOOKAHEAD = 10;
const MIN_KEY_ONLY_HEADERS = 3;

/**
 * A header block without `From:`, as Lotus Notes writes it: indented `To:`/`cc:`/`Subject:` lines
 * (values may wrap once), under the sender's name and a date line.
 */
export function keyOnlyHeaderRunAt(lines: readonly string[], index: number): boolean {
  if (!OTHER_KEY.test(lines[index] ?? '')) return false;
  let keys = 0;
  let hasSubject = false;
  let wrapped = false;
  for (let i = index; i < lines.length && i < index + KEY_ONLY_RUN_LOOKAHEAD; i++) {
    const line = lines[i] ?? '';
    if (isBlankLine(line)) continue;
    if (OTHER_KEY.test(line)) {
      keys++;
      hasSubject ||= SUBJECT_KEY.test(line);
      wrapped = false;
    } else if (!wrapped) {
      wrapped = true;
    } else break;
  }
  return keys >= MIN_KEY_ONLY_HEADERS && hasSubject;
}

const MAX_LOTUS_SENDER_LINES = 2;
const MAX_LOTUS_SENDER_LENGTH = 80;

/**
 * Where a Lotus Notes block starts: the date line above its headers and the sender lines
 * ("Name <address>", "Sent by: ...") right above the date, when present.
 */
export function keyOnlyHeaderStart(lines: readonly string[], headerIndex: number): number {
  let date = headerIndex - 1;
  while (date >= 0 && isBlankLine(lines[date] ?? '')) date--;
  const dateLine = lines[date] ?? '';
  if (date < 0 || dateLine.length > 40 || !DATE_AND_TIME.test(dateLine)) return headerIndex;
  let start = date;
  for (let i = date - 1; i >= 0 && date - i <= MAX_LOTUS_SENDER_LINES; i--) {
    const line = lines[i] ?? '';
    if (isBlankLine(line) || line.length > MAX_LOTUS_SENDER_LENGTH) break;
    start = i;
  }
  return start;
}

/** A separator line (`-----`, `_____`) that belongs to the tail right after it. */
export function isSeparatorLine(line: string): boolean {
  return /^\s*[-_=*]{5,}\s*$/.test(line);
}

// ---------------------------------------------------------------------------------------------
// Comments written inside an unprefixed (Outlook) quote, marked with a tag such as `[SW]`

const INLINE_ANNOUNCEMENT = /\b(?:in-?line|interspersed|embedded|below)\b/i;
const COMMENT_TAG = /^\s*(\[[^\]\n]{1,24}\]|<[^>\n]{1,24}>)(?=[\s:,.-]|$)/;
const MENTIONED_TAG = /\[[^\]\n]{1,24}\]|<[^>\n]{1,24}>/g;
const NOT_TAGS = new Set(['snip', 'snipped', 'image', 'quote', 'end quote', 'cut', '...']);

/** True when the author's words say the answers are further down ("comments inline"). */
export function announcesInlineComments(line: string): boolean {
  return INLINE_ANNOUNCEMENT.test(line);
}

function isCommentTag(tag: string, listNames: readonly string[]): boolean {
  const inner = tag.slice(1, -1).trim().toLowerCase();
  if (!/^\p{L}/u.test(inner) || /[@:/]/.test(inner) || NOT_TAGS.has(inner)) return false;
  return !listNames.some((name) => name.toLowerCase() === inner);
}

/** The tag (`[SW]`, `<Kris>`) a line opens with, lower-cased, when it looks like a commenter's mark. */
export function commentTagAt(line: string, listNames: readonly string[]): string | null {
  const tag = COMMENT_TAG.exec(line)?.[1];
  return tag !== undefined && isCommentTag(tag, listNames) ? tag.toLowerCase() : null;
}

/** Tags named anywhere in a line ("see inline [SW]"), lower-cased. */
export function tagsMentioned(line: string, listNames: readonly string[]): string[] {
  return (line.match(MENTIONED_TAG) ?? []).filter((tag) => isCommentTag(tag, listNames)).map((tag) => tag.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Signatures

/** `-- ` (the standard delimiter, any trailing blanks). */
export function isStrictSignatureMarker(line: string): boolean {
  return /^--[ \t]+$/.test(line);
}

/** `--` without the space: a signature only when a short block follows at the end. */
export function isBareSignatureMarker(line: string): boolean {
  return line === '--';
}

export const MAX_BARE_SIGNATURE_LINES = 8;

const CONFIDENTIALITY = /\b(?:confidential|privileged)\b/i;
const DISCLAIMER_ADDRESSEE = /\b(?:intended recipient|addressee|notify the sender|delete)\b/i;
const PRINT_NOTICE = /\b(?:think before you print|before printing this e-?mail|consider the environment before printing)\b/i;


/** A legal disclaimer, a "think before you print" notice or a phone's "Sent from my …" that mail clients and servers append. */
export function isDisclaimerParagraph(paragraph: string): boolean {
  return (
    PRINT_NOTICE.test(paragraph) ||
    isDeviceSignOff(paragraph.trim()) ||
    (CONFIDENTIALITY.test(paragraph) && DISCLAIMER_ADDRESSEE.test(paragraph))
  );
}

const PHONE_LINE = /^(?:(?:tel|phone|mobile|cell|fax|office|work|[tmpf])\b\.?\s*[:.]?\s*)?\+?[\d(][\d\s().\/-]{7,}\d$/i;
const MAX_CONTACT_LINE = 72;
const MAX_CONTACT_LINES = 10;

/**
 * A contact block that signs a message without a `-- ` line: a short paragraph of short lines (name,
 * title, company, address) with a telephone number among them, as corporate mail clients append.
 */
export function isContactBlock(lines: readonly string[]): boolean {
  const trimmed = lines.map((line) => line.trim());
  if (trimmed.length < 2 || trimmed.length > MAX_CONTACT_LINES) return false;
  if (trimmed.some((line) => line.length > MAX_CONTACT_LINE || /[?!]$/.test(line))) return false;
  return trimmed.some((line) => PHONE_LINE.test(line));
}

/** What may follow a contact block in the same signature: a few short lines (an address), no sentences. */
export function isAddressTail(lines: readonly string[]): boolean {
  const written = lines.map((line) => line.trim()).filter(Boolean);
  return written.length <= MAX_CONTACT_LINES && written.every((line) => line.length <= MAX_CONTACT_LINE && !/[.?!:]$/.test(line));
}

// ---------------------------------------------------------------------------------------------
// Mailman footers

const UNDERSCORE_RULE = /^\s*_{10,}\s*$/;
const DASHES_RULE = /^--\s*$/;
const LIST_FOOTER_EVIDENCE = [/\bmailing list\b/i, /\/mailman\/listinfo\b/i, /\blistinfo\b/i];
/** After `-- ` a signature may name a list too, so only the footer's own wording counts. */
const DASHES_FOOTER_EVIDENCE = [
  /^\s*\S+ mailing list(?: -- \S+@\S+)?\s*$/i,
  /^\s*To unsubscribe send an email to \S+@\S+/i,
  /\/mailman\/listinfo\//i,
];

/** Footers are short: the separator and at most this many non-blank lines after it. */
export const MAX_FOOTER_LINES = 10;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function namesTheList(line: string, listNames: readonly string[]): boolean {
  return listNames.some((name) => {
    const bare = escapeRegExp(name.trim());
    return bare !== '' && new RegExp(`^\\s*(?:${bare}@\\S+|${bare}(?: mailing list)?)\\s*$`, 'i').test(line);
  });
}

/**
 * True when `lines[index]` is a footer separator (a rule of underscores, or `-- ` as Mailman 3 and
 * newer IETF lists write it) and one of the next few non-blank lines names the list or its pages.
 */
export function opensFooter(lines: readonly string[], index: number, listNames: readonly string[]): boolean {
  const line = lines[index] ?? '';
  const dashes = DASHES_RULE.test(line);
  if (!dashes && !UNDERSCORE_RULE.test(line)) return false;
  const evidence = dashes ? DASHES_FOOTER_EVIDENCE : LIST_FOOTER_EVIDENCE;
  const within = dashes ? 2 : 4;
  let seen = 0;
  for (let i = index + 1; i < lines.length && seen < within; i++) {
    const candidate = lines[i] ?? '';
    if (isBlankLine(candidate)) continue;
    seen++;
    if (FROM_KEY.test(candidate)) return false;
    if (evidence.some((re) => re.test(candidate)) || namesTheList(candidate, listNames)) return true;
  }
  return false;
}
