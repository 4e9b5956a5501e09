/**
 * Line patterns that mark where the author's own words stop: quote prefixes, attribution lines,
 * Outlook/forward markers, signature and Mailman footer separators. Each test takes one line's
 * content (no line terminator) or a window of lines.
 */
import notices from './notices.json' with { type: 'json' };
import replyHeaders from './reply-headers.json' with { type: 'json' };
import signatureWords from './signature-words.json' with { type: 'json' };
import { isDeviceSignOff, MAX_DEVICE_SIGN_OFF_LENGTH, phraseAlternation, salutations, signOffLine } from './salutations.js';

const QUOTE_PREFIX = /^[ \t]{0,2}>/;

/** A line quoted with `>` (any depth, `> >` too). */
export function isQuotedLine(line: string): boolean {
  return QUOTE_PREFIX.test(line);
}

/**
 * A line framed by arrows (`>>> http://example.com <<<`, `>>>> Register now <<<<`), as banners and
 * signatures write it: not a quote when it stands among unquoted lines (the caller checks its
 * neighbours). Code, not one pattern: a pattern with two free runs scans a long line once per split.
 */
export function isArrowBanner(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.startsWith('>>') || !trimmed.endsWith('<<')) return false;
  let from = 0;
  while (from < trimmed.length && (trimmed[from] === '>' || trimmed[from] === ' ' || trimmed[from] === '\t')) from++;
  let to = trimmed.length;
  while (to > from && (trimmed[to - 1] === '<' || trimmed[to - 1] === ' ' || trimmed[to - 1] === '\t')) to--;
  const inner = trimmed.slice(from, to);
  return inner !== '' && !inner.includes('<') && !inner.includes('>');
}

/**
 * The rest of a long link that a client wrapped out of a quoted line, without the `>`:
 * "(http://example.com/c/abc) >", "_nonce=3dd518)". One or two tokens, shaped like a URL's end.
 */
export function isBrokenLinkTail(line: string): boolean {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length > 2 || tokens[0] === '') return false;
  return /:\/\/|[=&]|^\S*\)$|^<?\S+>$/.test(tokens[0] ?? '') && (tokens.length === 1 || tokens[1] === '>');
}

/** Clients that re-wrap a quote at about this width leave the rest of a long quoted line without `>`. */
const MIN_WRAPPED_QUOTE_LINE = 60;
const MAX_WRAPPED_QUOTE_TAIL = 80;

/**
 * The rest of a long quoted line that the client wrapped without its `>` ("> … kale chips" then
 * "brooklyn four dollar toast."): it goes on in lower case right under a quoted line as long as a wrap,
 * and that line asked nothing (an answer may follow a question on the next line).
 */
export function isWrappedQuoteTail(quoted: string, line: string): boolean {
  const above = quoted.trimEnd();
  return (
    above.length >= MIN_WRAPPED_QUOTE_LINE &&
    !above.endsWith('?') &&
    line.length <= MAX_WRAPPED_QUOTE_TAIL &&
    /^\p{Ll}/u.test(line) &&
    !isQuotedLine(line)
  );
}

export function isBlankLine(line: string): boolean {
  return line.trim() === '';
}

/** Whitespace other than a single space between words: what `joinWrapped` has to collapse. */
const UNEVEN_SPACE = /[^\S ]| {2}/;

/** Collapses a window of wrapped lines into one line of single spaces, as an attribution reads. */
export function joinWrapped(lines: readonly string[]): string {
  const joined = lines.join(' ');
  // Most windows are evenly spaced already: a test is cheaper than a replacement per word.
  if (!UNEVEN_SPACE.test(joined)) return joined.trim();
  return joined.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Attributions

const MAX_ATTRIBUTION_LENGTH = 320;

/** Words that open an attribution template ("On", "Am", "Le", "W dniu"…), case as clients write them. */
const ATTRIBUTION_OPENER = new RegExp(`^${phraseAlternation(replyHeaders.attributionOpeners)}`, 'u');
const isCjk = (word: string): boolean => /^[\u3000-\u9fff\uac00-\ud7af]/u.test(word);
const LATIN_VERBS = replyHeaders.attributionVerbs.filter((verb) => !isCjk(verb));
const CJK_VERBS = replyHeaders.attributionVerbs.filter(isCjk);
/** An attribution verb, as a word ("wrote", "a écrit") or, in CJK scripts, wherever it stands ("写道"). */
const ATTRIBUTION_VERB = new RegExp(`(?:^|[\\s>)"'\\]])${phraseAlternation(LATIN_VERBS)}|${phraseAlternation(CJK_VERBS)}`, 'giu');
const ANY_VERB = new RegExp(ATTRIBUTION_VERB.source, 'iu');

/** A digit of any script: Arabic clients write their dates in Arabic-Indic digits. */
const DIGIT = /\p{Nd}/u;

/** Every attribution holds a digit (its date) or a verb: a cheap test before any window is read closely. */
export function mayHoldAttribution(joined: string): boolean {
  return DIGIT.test(joined) || ANY_VERB.test(joined);
}

/** A verb right before the closing colon, in the languages whose clients write no opener: "… 写道：", "… пишет:". */
const VERB_BEFORE_COLON = new RegExp(
  `(?:(?:^|[\\s>)])${phraseAlternation(replyHeaders.verbsWithoutOpener.filter((verb) => !isCjk(verb)))}|${phraseAlternation(replyHeaders.verbsWithoutOpener.filter(isCjk))})[ \\t]?[:：]$`,
  'iu',
);
/** Verbs that templates put before the sender's name: "Am … schrieb Jane Doe:", "Den … skrev Jane:". */
const VERB_BEFORE_NAME = new RegExp(`${phraseAlternation(replyHeaders.verbsBeforeName)}$`, 'iu');
/** "I wrote", "we said": the author's prose, not a client's template. */
const PRONOUN_BEFORE_VERB = /(?:^|\s)(?:I|we|We|he|He|she|She|they|They|it|It)$/;
/**
 * A date at the start: "2021/3/1", "01.03.2021", "Thu, 26 Jun 2014", "ons 4 dec. 2024", "26 juin 2014",
 * "2021年3月1日", "2021. márc. 1.", and
 * after a time, as some web mails write it: "11:00 AM, November 17, 2021".
 */
const DATE_FIRST = /^(?:\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?,?\s)?(?:\p{L}{2,10}[.,]{1,2}\s|\p{L}{2,4}\s(?=\d{1,2}\.?\s\p{L}))?(?:\d{1,4}[-/.年]\s?\d{1,2}(?!\d)|\d{4}\.?\s\p{L}{3,10}\.?\s\d{1,2}|\d{1,2}\.?\s\p{L}{3,10}\.?,?\s\d{4}|\p{L}{3,10}\.?\s\d{1,2},?\s\d{4})/u;
const TIME = /\d{1,2}[:.]\d{2}/;
const ENDS_IN_COLON = /[:：]$/;
/** "…Jane <jane@example.com>:": an address, then the colon. */
const ADDRESS_THEN_COLON = /@[^\s@<>]+>?[ \t]?[:：]$/;
/** "2011/4/7 Jane Doe <jane@example.com>": older Gmail wrote no verb and no colon. */
const ADDRESS_AT_END = /<[^\s@<>]+@[^\s@<>]+>$/;
/** "On … Jane Doe <jane@example.com> wrote", with no colon: the address right before the verb that ends the line. */
const ADDRESS_THEN_VERB = new RegExp(`@[^\\s@<>]+>?\\s${phraseAlternation(LATIN_VERBS)}$`, 'iu');
/** The Bat!: "Friday, February 19, 2021, 2:02:37 PM, you wrote:" */
const YOU_WROTE = /,\s(?:you|You)\s(?:wrote|writes)[ \t]?:$/;
/** After its verb an attribution names at most the sender: no sentence follows. */
const MAX_WORDS_AFTER_VERB = 8;

const ZIMBRA_DASH = /^-[ \t](?=\S)/;

/** Removes a rule of dashes around an attribution ("---- On … wrote ----") and says whether there was one. */
function unwrapDashes(text: string): { text: string; wrapped: boolean } {
  // Zimbra sets its attribution off with one dash: "- On … wrote:", "- Le … a écrit :".
  if (ZIMBRA_DASH.test(text)) return { text: text.replace(ZIMBRA_DASH, ''), wrapped: false };
  let from = 0;
  while (text[from] === '-') from++;
  let to = text.length;
  while (to > from && text[to - 1] === '-') to--;
  const wrapped = from >= 2 || text.length - to >= 2;
  return { text: wrapped ? text.slice(from, to).trim() : text, wrapped };
}

/** The last attribution verb: where it starts and ends, or null. */
function lastVerb(text: string): { start: number; end: number } | null {
  let found: { start: number; end: number } | null = null;
  ATTRIBUTION_VERB.lastIndex = 0;
  for (let match = ATTRIBUTION_VERB.exec(text); match; match = ATTRIBUTION_VERB.exec(text)) {
    found = { start: match.index, end: match.index + match[0].length };
  }
  return found;
}

/**
 * The verb closes a template: no pronoun before it ("On 3 March I wrote:" is prose), and after it
 * nothing but, in the languages that put it there, the sender's name ("schrieb Jane Doe <…>:").
 */
function closesTemplate(text: string, verb: { start: number; end: number }): boolean {
  if (PRONOUN_BEFORE_VERB.test(text.slice(0, verb.start).trimEnd())) return false;
  const bare = text
    .slice(verb.end)
    .replace(/<[^<>]*>|\([^()]*\)|"[^"]*"|\S+@\S+/g, ' ')
    .replace(/[:：]$/, '')
    .trim();
  if (bare === '') return true;
  const beforeName = VERB_BEFORE_NAME.test(text.slice(0, verb.end).trimEnd());
  // "… napisana przez Jane Doe <…> w dniu 01.03.2021, o godz. 10:02:": dates, times and abbreviations are no sentence.
  const words = bare.replace(/\p{Nd}[\p{Nd}.:/-]*\p{Nd}|(?<![\p{L}\p{N}])\p{L}{1,5}\./gu, ' ');
  return beforeName && !/[.;?!]/.test(words) && bare.split(/\s+/).length <= MAX_WORDS_AFTER_VERB;
}

/** The line opens like an attribution: a date, or a template word with a date on the same line. */
export function opensAttribution(line: string): boolean {
  const { text } = unwrapDashes(line.trim());
  return DATE_FIRST.test(text) || (ATTRIBUTION_OPENER.test(text) && DIGIT.test(text));
}

/**
 * True when the joined window is an attribution whatever follows it: a client's template (an opener
 * or a date, then the sender and a verb: "On … wrote:", "Le … a écrit :", "W dniu … napisał:",
 * "---- Jane Doe wrote ----"), or a date, time and address with no verb ("26.06.2014, 14:41, Jane <…>:").
 */
export function isAnchoredAttribution(joined: string): boolean {
  if (joined.length > MAX_ATTRIBUTION_LENGTH) return false;
  const { text, wrapped } = unwrapDashes(joined);
  if (!wrapped && !ENDS_IN_COLON.test(text) && !ADDRESS_THEN_VERB.test(text)) return false;
  const dated = DIGIT.test(text);
  if (dated && YOU_WROTE.test(text) && /\d{4}/.test(text)) return true;
  if (dated && VERB_BEFORE_COLON.test(text)) return true;
  // Without dashes, every template below opens with a date or with an opener and a digit: no verb is looked for without.
  if (!wrapped && !DATE_FIRST.test(text) && !(dated && ATTRIBUTION_OPENER.test(text))) return false;
  const verb = lastVerb(text);
  if (verb === null) return DATE_FIRST.test(text) && TIME.test(text) && ADDRESS_THEN_COLON.test(text);
  if (!closesTemplate(text, verb)) return false;
  if (wrapped) return true;
  return (ATTRIBUTION_OPENER.test(text) && DIGIT.test(text)) || DATE_FIRST.test(text);
}

/** Attributions that a single line can end with, to rule out most lines before any window is joined. */
export function mayEndAttribution(line: string): boolean {
  const trimmed = line.trimEnd();
  return ENDS_IN_COLON.test(trimmed) || trimmed.endsWith('--') || trimmed.endsWith('>') || (trimmed.includes('@') && ADDRESS_THEN_VERB.test(trimmed));
}

/** A quoted line that is only the end of an attribution whose start was left unquoted ("> wrote:"). */
export function isQuotedAttributionEnd(line: string): boolean {
  return /^>[ \t]?\S+(?:[ \t]\S+)?[ \t]?[:：]$/.test(line.trim()) && /^>[ \t]?\S/.test(line) && lastVerb(line) !== null;
}

/** "2011/4/7 Jane Doe <jane@example.com>": a date, a sender, no verb (older Gmail); only before a quote. */
export function isVerblessAttribution(joined: string): boolean {
  return joined.length <= MAX_ATTRIBUTION_LENGTH && DATE_FIRST.test(joined) && (ADDRESS_AT_END.test(joined) || ADDRESS_THEN_COLON.test(joined));
}

/**
 * Attributions that read like ordinary prose ("Jane Doe wrote:"); accepted only right before a quote
 * and when what precedes the verb looks like a name or an address.
 */
const NAMED_ATTRIBUTIONS: readonly RegExp[] = [
  /^(?<who>.+?)\s(?:wrote|writes|said)(?:\s.+)?\s?:$/,
  /^(?<who>.+?)\s(?:schrieb|skrev|kirjoitti|schreef|escribi[óo]|a [ée]crit|ha scritto|escreveu|ezt írta)(?:\s.+)?\s?:$/,
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

/** `Jane Doe <jane@example.com>`, `"Doe, Jane" <…>`, `molly <…>`: at most a few words of name, then the address. */
const NAME_THEN_ADDRESS = /^(?:(?:"[^"<>@\n]{1,60}"|[^"<>@\s][^"<>@\n]{0,60}?)?\s?<[^\s@<>]+@[^\s@<>]+>|[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+)$/;
const MAX_NAME_WORDS_BEFORE_ADDRESS = 4;

/**
 * "Jane Doe <jane@example.com> wrote:", "Jane Doe <…> schrieb:": a client's template with no date (Thunderbird
 * without a date, mobile clients), which the address tells from prose ("As Jane wrote:"); what follows it is
 * quoted, with `>` or without.
 */
export function isAddressedAttribution(joined: string): boolean {
  if (joined.length > MAX_ATTRIBUTION_LENGTH) return false;
  return NAMED_ATTRIBUTIONS.slice(0, 2).some((re) => {
    const who = re.exec(joined)?.groups?.['who']?.trim();
    if (who === undefined || !NAME_THEN_ADDRESS.test(who)) return false;
    const name = who.includes('<') ? who.slice(0, who.lastIndexOf('<')).replace(/"/g, '').trim() : '';
    const words = name === '' ? [] : name.split(/\s+/);
    return words.length <= MAX_NAME_WORDS_BEFORE_ADDRESS && !PROSE_OPENERS.has((words[0] ?? '').toLowerCase());
  });
}

/** True when the joined window reads "<name> wrote:"-like; callers require a quote to follow. */
export function isNamedAttribution(joined: string): boolean {
  if (joined.length > MAX_ATTRIBUTION_LENGTH) return false;
  return NAMED_ATTRIBUTIONS.some((re) => {
    const who = re.exec(joined)?.groups?.['who'];
    return who !== undefined && looksLikeNameOrAddress(who);
  });
}

/** Where, inside a line, an attribution starts after the author's words ("reply--- On … wrote:"), or -1. */
const SHARED_LINE_SPLIT = new RegExp(`(?:-{2,}[ \\t]?|[ \\t])(?=${phraseAlternation(replyHeaders.attributionOpeners)}[ \\t])`, 'gu');

export function attributionInsideLine(line: string): number {
  SHARED_LINE_SPLIT.lastIndex = 0;
  for (let match = SHARED_LINE_SPLIT.exec(line); match; match = SHARED_LINE_SPLIT.exec(line)) {
    if (/^[ \t]*-?[ \t]*$/.test(line.slice(0, match.index))) continue;
    if (isAnchoredAttribution(joinWrapped([line.slice(match.index)]))) return match.index;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Top-post tails: Outlook header blocks, "Original Message", forwarded messages

export type TailKind = 'quote' | 'forwarded';

/** Dashes of a rule: Proton Mail draws it with U+2010 hyphens ("‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐"). */
const RULE_DASH = '[-\u2010\u2011\u2012\u2013\u2014]';

/** A rule with a phrase in it; a block flattened from HTML may go on after it on the same line ("…-----Von: …"). */
const ruleOf = (phrases: readonly string[]): RegExp =>
  new RegExp(
    `^[ \\t]{0,8}${RULE_DASH}{3,}[ \\t]{0,8}${phraseAlternation(phrases)}[^\\n]{0,80}?${RULE_DASH}{3,}(?:[ \\t]*$|[ \\t]*(?=${phraseAlternation(replyHeaders.headerLabels.from)}[ \\t]?:))`,
    'iu',
  );

const ORIGINAL_MESSAGE = ruleOf(replyHeaders.originalMessageRules);
const FORWARDED_RULE = ruleOf(replyHeaders.forwardedRules);
const BEGIN_FORWARDED = new RegExp(`^[ \\t]{0,8}${phraseAlternation(replyHeaders.beginForwarded)}[ \\t]?[:：][ \\t]*$`, 'iu');

const OUTLOOK_RULE = /^\s*_{10,}\s*$/;

const labels = replyHeaders.headerLabels;
/** A header label at the start of a line: "From:", "*From:*", "De :", "**Von:**". */
const keyAtStart = (names: readonly string[]): RegExp =>
  new RegExp(`^[ \\t]{0,8}\\*{0,2}${phraseAlternation(names)}\\*{0,2}[ \\t\\u00a0]?\\*{0,2}[:：]`, 'iu');
const FROM_KEY = keyAtStart(labels.from);
const OTHER_KEY = keyAtStart([...labels.sent, ...labels.to, ...labels.cc, ...labels.subject]);
const SENT_KEY = keyAtStart(labels.sent);
/** Header labels inside a line, as an HTML block of `<b>From:</b> … <b>Sent:</b> …` renders on one line. */
const INLINE_KEY = new RegExp(`[ \\t\\u00a0]\\*{0,2}${phraseAlternation([...labels.sent, ...labels.to, ...labels.subject])}\\*{0,2}[ \\t]?[:：]`, 'giu');
const TO_OR_CC_KEY = keyAtStart([...labels.to, ...labels.cc]);
const SUBJECT_LABEL = keyAtStart(labels.subject);

/** The kind and value of a reply header line ("Sent: Monday, 1 March 2021 10:02" is `sent`), or null. */
export function headerLabelOf(line: string): { kind: 'from' | 'sent' | 'subject' | 'other'; value: string } | null {
  const kinds = [
    ['from', FROM_KEY],
    ['sent', SENT_KEY],
    ['subject', SUBJECT_LABEL],
    ['other', TO_OR_CC_KEY],
  ] as const;
  for (const [kind, key] of kinds) {
    const match = key.exec(line);
    if (match) return { kind, value: line.slice(match[0].length).replace(/^[\s*]+/, '').trim() };
  }
  return null;
}

/** A header value that holds a date: a time or a year. */
const DATED = /\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b/;

const HEADER_RUN_LOOKAHEAD = 6;
const MIN_INLINE_KEYS = 2;

function inlineKeys(line: string): number {
  return [...line.matchAll(INLINE_KEY)].length;
}

/** A `Sent:`/`Date:` line whose value is a date. */
function isDatedSentLine(line: string): boolean {
  return SENT_KEY.test(line) && DATED.test(line);
}

/**
 * A `From:` line followed, before any blank line, by at least `minOthers` other header lines; or one
 * dated `Sent:`/`Date:` line; or a `From:` line that holds the other labels itself (an HTML block on one line).
 */
export function startsHeaderRun(lines: readonly string[], index: number, minOthers = 2): boolean {
  const first = lines[index] ?? '';
  if (!FROM_KEY.test(first)) return false;
  if (inlineKeys(first) >= Math.min(minOthers, MIN_INLINE_KEYS)) return true;
  let others = 0;
  let dated = false;
  for (let i = index + 1; i < lines.length && i <= index + HEADER_RUN_LOOKAHEAD; i++) {
    const line = lines[i] ?? '';
    if (isBlankLine(line)) break;
    if (OTHER_KEY.test(line)) others++;
    dated ||= isDatedSentLine(line);
  }
  return others >= minOthers || dated;
}

/** `From:` inside a line, as a `Date:` line holds it when an HTML block is rendered on one line. */
const INLINE_FROM_KEY = new RegExp(`[ \\t\\u00a0]\\*{0,2}${phraseAlternation(labels.from)}\\*{0,2}[ \\t]?[:：]`, 'iu');

/**
 * A block that opens with a dated `Date:` line right above another header line (some web mails), or
 * that holds the other labels itself ("Date: … From: … To: … Subject: …", a block rendered on one line).
 */
export function startsDateRun(lines: readonly string[], index: number): boolean {
  const line = lines[index] ?? '';
  const next = lines[index + 1] ?? '';
  if (!isDatedSentLine(line)) return false;
  return OTHER_KEY.test(next) || FROM_KEY.test(next) || (INLINE_FROM_KEY.test(line) && inlineKeys(line) >= MIN_INLINE_KEYS);
}

/** True when a converted block's text opens with an Outlook-style `From:` header. */
export function opensWithFromHeader(text: string): boolean {
  return FROM_KEY.test(text.trimStart());
}

/** True when a converted block's text opens with a forwarded-message marker. */
export function opensWithForwardMarker(text: string): boolean {
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  return FORWARDED_RULE.test(firstLine) || BEGIN_FORWARDED.test(firstLine);
}

function nextNonBlank(lines: readonly string[], from: number, within: number): number {
  for (let i = from; i < lines.length && i < from + within; i++) {
    if (!isBlankLine(lines[i] ?? '')) return i;
  }
  return -1;
}

function opensHeaderBlock(lines: readonly string[], index: number, minOthers: number): boolean {
  return startsHeaderRun(lines, index, minOthers) || startsDateRun(lines, index) || keyOnlyHeaderRunAt(lines, index);
}

/** Every tail marker holds a rule's dash or `_` or a header label's colon: most lines are ruled out by this alone. */
const MAY_MARK_TAIL = /[-_:：\u2010-\u2014]/;

/** Whether `lines[index]` opens a tail that runs to the end of the message, and of which kind. */
export function tailMarkerAt(lines: readonly string[], index: number): TailKind | null {
  const line = lines[index] ?? '';
  if (!MAY_MARK_TAIL.test(line)) return null;
  if (FORWARDED_RULE.test(line) || BEGIN_FORWARDED.test(line)) return 'forwarded';
  if (ORIGINAL_MESSAGE.test(line)) return 'quote';
  if (OUTLOOK_RULE.test(line)) {
    const header = nextNonBlank(lines, index + 1, 2);
    return header >= 0 && (opensHeaderBlock(lines, header, 1) || inlineKeys(lines[header] ?? '') >= 1) ? 'quote' : null;
  }
  return opensHeaderBlock(lines, index, 2) ? 'quote' : null;
}

const SUBJECT_KEY = keyAtStart(labels.subject);
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
  return /^\s*[-_=*—–]{4,}\s*$/u.test(line);
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
/** Looser words of the same warning ("if you received this by mistake"): only a paragraph of a disclaimer's length counts. */
const DISCLAIMER_MISDELIVERY = /\b(?:intended for the recipient|not the recipient|authori[sz]ed to receive|by mistake|in error|deletion)\b/i;
const MIN_LOOSE_DISCLAIMER_LENGTH = 150;
const PRINT_NOTICE = /\b(?:think before you print|before printing this e-?mail|consider the environment before printing)\b/i;


function isShortDeviceSignOff(text: string): boolean {
  return text.length <= MAX_DEVICE_SIGN_OFF_LENGTH && isDeviceSignOff(text);
}

/** "Disclaimer", "CONFIDENTIALITY NOTICE:": a heading line over a disclaimer. */
const DISCLAIMER_HEADING = new RegExp(`^[*_]{0,2}${phraseAlternation(notices.disclaimerHeadings)}[*_]{0,2}[ \\t]?[:.]?[*_]{0,2}$`, 'iu');

export function isDisclaimerHeading(line: string): boolean {
  return DISCLAIMER_HEADING.test(line.trim());
}

/** Words of the warning a mail gateway puts at the top of mail from outside the company. */
const EXTERNAL_SENDER_BANNER = new RegExp(phraseAlternation(notices.externalSenderBanners), 'iu');
/** A banner warns about mail: prose that a packet "originated from outside" the network is no banner. */
const BANNER_ALERT = new RegExp(`(?<![\\p{L}\\p{N}])${phraseAlternation(notices.bannerAlerts)}`, 'iu');
const ABOUT_MAIL = /\b(?:e-?mail|message|sender)\b/i;
const MAX_BANNER_LENGTH = 600;
const MAX_BANNER_LINES = 6;

/**
 * "CAUTION: This email originated from outside of the organization. Do not click links …": the warning
 * a company's mail gateway writes above the author's words. Short, and one of the gateways' phrases.
 */
export function isExternalSenderBanner(lines: readonly string[]): boolean {
  if (lines.length === 0 || lines.length > MAX_BANNER_LINES) return false;
  const joined = joinWrapped(lines);
  return joined.length <= MAX_BANNER_LENGTH && EXTERNAL_SENDER_BANNER.test(joined) && BANNER_ALERT.test(joined) && ABOUT_MAIL.test(joined);
}

/** A legal disclaimer, a "think before you print" notice or a phone's "Sent from my …" that mail clients and servers append. */
export function isDisclaimerParagraph(paragraph: string): boolean {
  return (
    PRINT_NOTICE.test(paragraph) ||
    isShortDeviceSignOff(paragraph.trim()) ||
    (CONFIDENTIALITY.test(paragraph) &&
      (DISCLAIMER_ADDRESSEE.test(paragraph) || (paragraph.length >= MIN_LOOSE_DISCLAIMER_LENGTH && DISCLAIMER_MISDELIVERY.test(paragraph))))
  );
}

const PHONE_LABEL = String.raw`(?:tel|phone|mobile|mob|cell|fax|office|work|direct|desk|main|[tmpfd])\b\.?[ \t]?[:.]?[ \t]?`;
const PHONE_NUMBER = String.raw`\(?\+?[\d(][\d\s().\/-]{7,}\d`;
/** `+1 555 0100`, `Tel: (555) 010-0100`, `Direct: (+00)00-000-0000   Mobile: (+00)000000`: numbers, each after a label but the first. */
const PHONE_LINE = new RegExp(`^(?:${PHONE_LABEL})?${PHONE_NUMBER}(?:[ \\t]{1,4}[|·•]?[ \\t]*${PHONE_LABEL}${PHONE_NUMBER})*$`, 'i');
/** A line that is only an address or a web page: `jane@example.com`, `www.example.com`, `https://…`. */
const ADDRESS_LINE = /^(?:(?:e-?mail|web|skype)[ \t]?:[ \t]?)?<?(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?:\/\/|www\.)\S+)>?$/i;
/** A name as it heads a signature: `Jane Doe`, `John E. Doe, Ph.D.`, `Francois Le Faucheur`. */
const NAME_LINE = /^\p{Lu}[\p{L}.'’-]*(?:(?:[ \t]{1,2}|,[ \t]?)\p{L}[\p{L}.'’-]*){0,5}$/u;
const MAX_CONTACT_LINE = 72;
/** `Jane Doe | Principal Engineer`, `Jan de Vries • Example Corp`: a name, a bar, a title or an organisation. */
const NAME_BAR_TITLE = /^\p{Lu}[\p{L}.'’-]*(?:[ \t](?:\p{Lu}[\p{L}.'’-]*|van|von|de|der|den|da|di|del|du|la|le|ten|ter)){1,4}[ \t]{1,2}[|｜•·][ \t]{1,2}\p{L}[^|｜•·]{1,50}(?:[ \t][|｜•·][ \t][^|｜•·]{1,50}){0,3}$/u;
const MAX_CONTACT_LINES = 10;

/** `📧 jane@example.com`, `📱 +1 555 0100`, `☎ …`: a symbol in front of the contact itself. */
const LEADING_PICTOGRAPH = /^(?:\p{Extended_Pictographic}\uFE0F?[ \t]?)+/u;

/** A line of a signature that says how to reach its author: a telephone number, an address, a web page. */
export function isContactLine(line: string): boolean {
  const trimmed = line.trim().replace(LEADING_PICTOGRAPH, '');
  return PHONE_LINE.test(trimmed) || ADDRESS_LINE.test(trimmed);
}

/** A block headed by "Jane Doe | Principal Engineer" (Gmail renders bold as asterisks: "*Jane Doe* | *…*"), with no sentence in it. */
function headsWithNameAndTitle(trimmed: readonly string[]): boolean {
  const first = trimmed[0] ?? '';
  if (!/[|｜•·]/.test(first) || !NAME_BAR_TITLE.test(first.replace(/\*/g, ''))) return false;
  return trimmed.every((line) => !/[.?!:]$/.test(line));
}

/**
 * A contact block that signs a message without a `-- ` line: a short paragraph of short lines (name,
 * title, company, address) with a telephone number among them, or headed by a name with an address or
 * a web page among them, as corporate mail clients append.
 */
export function isContactBlock(lines: readonly string[]): boolean {
  const trimmed = lines.map((line) => line.trim());
  if (trimmed.length > MAX_CONTACT_LINES || trimmed.some((line) => line.length > MAX_CONTACT_LINE)) return false;
  if (headsWithNameAndTitle(trimmed)) return true;
  if (trimmed.length < 2) return false;
  if (trimmed.some((line) => /[?!]$/.test(line))) return false;
  if (trimmed.some((line) => PHONE_LINE.test(line))) return true;
  return NAME_LINE.test(trimmed[0] ?? '') && trimmed.some((line) => ADDRESS_LINE.test(line));
}

const TITLE_OR_ORGANISATION = new RegExp(`(?<![\\p{L}\\p{N}])${phraseAlternation([...signatureWords.titles, ...signatureWords.organisations])}`, 'iu');
const ORGANISATION_AT_END = new RegExp(`(?<![\\p{L}\\p{N}])${phraseAlternation(signatureWords.organisations)}\\.?$`, 'iu');
const MAX_NAME_TITLE_LINES = 4;
const MAX_NAME_TITLE_LINE = 60;

/**
 * "Jane Doe\nSenior Architect\nExample Networks, Inc.": a name over a job title or an organisation,
 * with no way to reach its author; a line of prose under a name is none (no title word, or a sentence).
 */
export function isNameAndTitleBlock(lines: readonly string[]): boolean {
  const written = lines.map((line) => line.trim()).filter(Boolean);
  if (written.length < 2 || written.length > MAX_NAME_TITLE_LINES || !isFullNameLine(written[0] ?? '')) return false;
  const rest = written.slice(1);
  if (rest.some((line) => line.length > MAX_NAME_TITLE_LINE || (/[.?!:;]$/.test(line) && !ORGANISATION_AT_END.test(line)))) return false;
  return rest.some((line) => TITLE_OR_ORGANISATION.test(line));
}

const MAX_RULED_SIGNATURE_LINES = 15;

/**
 * What a rule (`----------------`) opens at the end of a message when it is a signature: a few short
 * lines, with a way to reach the author among them.
 */
export function isRuledSignature(lines: readonly string[]): boolean {
  const written = lines.map((line) => line.trim()).filter(Boolean);
  if (written.length < 2 || written.length > MAX_RULED_SIGNATURE_LINES) return false;
  return written.every((line) => line.length <= MAX_CONTACT_LINE && !/[?:]$/.test(line)) && written.some(isContactLine);
}

const MAX_NAME_UNDER_RULE_LINES = 3;
const MAX_NAME_UNDER_RULE_LINE = 40;
/** A name or a title: a few words of letters, nothing else (no address, no table, no sentence). */
const WORDS_ONLY = /^\p{L}[\p{L}\p{M}.'’-]*(?:[ \t]\p{L}[\p{L}\p{M}.'’-]*){0,4}$/u;

/**
 * A name, and perhaps a title, alone under a rule at the very end ("——————\nJane Doe\nWG secretary"):
 * a signature, though it gives no way to reach its author; a sentence under the rule is none.
 */
export function isNameUnderRule(lines: readonly string[]): boolean {
  const written = lines.map((line) => line.trim()).filter(Boolean);
  if (written.length === 0 || written.length > MAX_NAME_UNDER_RULE_LINES) return false;
  return written.every((line) => line.length <= MAX_NAME_UNDER_RULE_LINE && WORDS_ONLY.test(line));
}

/** The sign-off phrase alone: `Thanks`, `Best regards,`, `regards`. */
const BARE_SIGN_OFF = new RegExp(`^${phraseAlternation(salutations.signOffs)}[,.!]{0,3}(?:[ \\t]?\\p{Extended_Pictographic}\\uFE0F?){0,3}$`, 'iu');
/** `-roman`, `- Lev.`, `~Jane`: a name signed with a dash. */
const DASHED_NAME = /^[-–—~]{1,3}[ \t]?\p{L}[\p{L}.'’-]{0,20}(?:[ \t]\p{L}[\p{L}.'’-]{0,20})?$/u;
export const MAX_SIGN_OFF_LINES = 3;
const MAX_SIGN_OFF_LINE = 60;

/** A line that opens a sign-off: the phrase alone, or a short line of it ending in a comma or `!` (`Thanks in advance,`). */
export function opensSignOff(line: string): boolean {
  const trimmed = line.trim();
  return BARE_SIGN_OFF.test(trimmed) || (signOffLine.test(trimmed) && /[,!]$/.test(trimmed)) || isBilingualSignOff(trimmed);
}

/** `Med venlig hilsen / Kind regards`: the sign-off in two languages, each half one alone. */
function isBilingualSignOff(trimmed: string): boolean {
  const halves = trimmed.split(/[ \t]\/[ \t]/);
  return halves.length === 2 && halves.every((half) => BARE_SIGN_OFF.test(half.trim()));
}

/** What may stand under a sign-off: a name, a title, a short line. */
export function mayCloseSignOff(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length <= MAX_SIGN_OFF_LINE && !/[?:]$/.test(trimmed);
}

export function isDashedName(line: string): boolean {
  return DASHED_NAME.test(line.trim());
}

/** A name under a short rule at the very end: `---` then `Roman`. */
export function isRuleAndName(rule: string, name: string): boolean {
  return /^-{2,3}$/.test(rule.trim()) && NAME_LINE.test(name.trim()) && name.trim().length <= 40;
}

/** `Jane Doe`, `John E. Doe`: two or three capitalised words, as a name signs above a phone's line. */
const FULL_NAME_LINE = /^\p{Lu}[\p{L}'’-]*\.?(?:[ \t]\p{Lu}[\p{L}'’-]*\.?){1,2}$/u;

export function isFullNameLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length <= 40 && FULL_NAME_LINE.test(trimmed);
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

/** A footer's separator line alone: a cheap test before `opensFooter` reads the lines under it. */
export function isFooterRule(line: string): boolean {
  return DASHES_RULE.test(line) || UNDERSCORE_RULE.test(line);
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
