import { trimTrailing } from '../core/index.js';
import { compile, type DomNode, type FormatCallback } from 'html-to-text';
import type { ForcedKind, SourceLine } from './own-text-lines.js';
import { splitLines } from './own-text-lines.js';
import { opensWithForwardMarker, opensWithFromHeader } from './own-text-patterns.js';

/*
 * HTML is converted once, with region markers written into the text around each quote container,
 * attribution, signature and Outlook header block; the markers are then cut out and tell each piece
 * of text which region it sits in. Markers are private-use characters stripped from the input first.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER_CHARS = /[\uE000\uE001]/g;
/** A written marker: an opening one carries its region's code character. */
const WRITTEN_MARKERS = /\uE000.|\uE001/gs;

/** Regions as markers name them; `soft` is a quote container (Gmail) whose attribution stays one. */
type RegionCode = 'quote' | 'soft' | 'forwarded' | 'attribution' | 'signature' | 'tail';
const CODE_CHAR: Record<RegionCode, string> = {
  quote: 'q',
  soft: 's',
  forwarded: 'f',
  attribution: 'a',
  signature: 'g',
  tail: 't',
};
const CHAR_CODE = new Map<string, RegionCode>(
  Object.entries(CODE_CHAR).map(([code, char]) => [char, code as RegionCode]),
);

const MAX_SHOWN_HREF = 100;
const RULE = '_'.repeat(32);

function wrapRegion(code: RegionCode, text: string): string {
  if (text === '' && code !== 'tail') return text;
  return OPEN + CODE_CHAR[code] + text + CLOSE;
}

function attribute(elem: DomNode, name: string): string {
  const attribs: unknown = elem.attribs;
  if (typeof attribs !== 'object' || attribs === null) return '';
  const value: unknown = (attribs as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

function classes(elem: DomNode): string[] {
  return attribute(elem, 'class').split(/\s+/).filter(Boolean);
}

/** Ids gain an `x_` prefix each time Outlook quotes them again. */
function hasId(elem: DomNode, id: string): boolean {
  return new RegExp(`^(?:x_)*${id}$`, 'i').test(attribute(elem, 'id'));
}

function isOutlookHeaderBorder(elem: DomNode): boolean {
  const style = attribute(elem, 'style').replace(/\s+/g, '');
  return /border:none/i.test(style) && /border-top:solid/i.test(style);
}

/** The region a `<div>` opens, decided from its attributes and, where they are vague, its text. */
function divRegion(elem: DomNode, text: string): RegionCode | null {
  const names = classes(elem);
  const plain = text.replace(WRITTEN_MARKERS, '');
  // Yahoo prefixes its classes when it quotes a message again: `ydp3c1f2a9eyahoo_quoted`.
  if (names.includes('gmail_quote') || names.some((name) => name.endsWith('yahoo_quoted'))) {
    return opensWithForwardMarker(plain) ? 'forwarded' : 'soft';
  }
  if (names.includes('moz-forward-container')) return 'forwarded';
  if (names.includes('gmail_attr') || names.includes('moz-cite-prefix')) return 'attribution';
  if (names.includes('gmail_signature') || names.includes('moz-signature') || names.includes('protonmail_signature_block') || hasId(elem, 'Signature')) {
    return 'signature';
  }
  if (hasId(elem, 'appendonsend') || hasId(elem, 'divRplyFwdMsg') || hasId(elem, 'mail-editor-reference-message-container')) {
    return 'tail';
  }
  if (names.includes('OutlookMessageHeader')) return 'tail';
  if (isOutlookHeaderBorder(elem) && opensWithFromHeader(plain)) return 'tail';
  return null;
}

const formatDiv: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 1 });
  walk(elem.children, builder);
  builder.closeBlock({
    trailingLineBreaks: options.trailingLineBreaks ?? 1,
    blockTransform: (blockText) => {
      // A trailing <br> ends the block's last line; it does not add an empty one.
      const text = blockText.replace(/\n$/, '');
      const region = divRegion(elem, text);
      return region ? wrapRegion(region, text) : text;
    },
  });
};

/** As html-to-text's own `<pre>`; Thunderbird writes plain-text signatures as `<pre class="moz-signature">`. */
const formatPre: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ isPre: true, leadingLineBreaks: options.leadingLineBreaks ?? 2 });
  walk(elem.children, builder);
  builder.closeBlock({
    trailingLineBreaks: options.trailingLineBreaks ?? 2,
    blockTransform: (text) => (classes(elem).includes('moz-signature') ? wrapRegion('signature', text) : text),
  });
};

/** Gmail's indent button writes a borderless blockquote: indented own text, not a quote. */
function isIndentOnly(elem: DomNode): boolean {
  const style = attribute(elem, 'style').replace(/\s+/g, '');
  const quoting = attribute(elem, 'type').toLowerCase() === 'cite' || classes(elem).includes('gmail_quote');
  return !quoting && /border:none/i.test(style);
}

/** As html-to-text's own blockquote (`> ` on every line), inside a quote region. */
const formatBlockquote: FormatCallback = (elem, walk, builder, options) => {
  if (isIndentOnly(elem)) {
    builder.openBlock({ leadingLineBreaks: 1 });
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 1 });
    return;
  }
  builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2, reservedLineLength: 2 });
  walk(elem.children, builder);
  builder.closeBlock({
    trailingLineBreaks: options.trailingLineBreaks ?? 2,
    blockTransform: (text) => {
      const quoted = text
        .replace(/^\n+|\n+$/g, '')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
      return wrapRegion('quote', quoted);
    },
  });
};

function comparableLink(text: string): string {
  const bare = text
    .toLowerCase()
    .replace(/^mailto:/, '')
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '');
  return trimTrailing(bare, ' \t\n\r\f\v/').replace(/\s+/g, '');
}

/** Link text, then ` <href>` only when the href says something the text does not and is short. */
const formatAnchor: FormatCallback = (elem, walk, builder) => {
  let text = '';
  builder.pushWordTransform((word: string) => {
    text += word;
    return word;
  });
  walk(elem.children, builder);
  builder.popWordTransform();
  const href = attribute(elem, 'href').trim().replace(/^mailto:/i, '');
  const worthShowing =
    href !== '' && !href.startsWith('#') && href.length <= MAX_SHOWN_HREF && comparableLink(href) !== comparableLink(text);
  if (!worthShowing) return;
  builder.addInline(text === '' ? href : ` <${href}>`, { noWordTransform: true });
};

/** Outlook writes a rule of underscores above a reply header in its own plain-text version. */
const formatRule: FormatCallback = (_elem, _walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addInline(RULE);
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const convert = compile({
  wordwrap: false,
  formatters: {
    listlensDiv: formatDiv,
    listlensBlockquote: formatBlockquote,
    listlensPre: formatPre,
    listlensAnchor: formatAnchor,
    listlensRule: formatRule,
  },
  selectors: [
    { selector: 'div', format: 'listlensDiv' },
    { selector: 'blockquote', format: 'listlensBlockquote' },
    { selector: 'pre', format: 'listlensPre' },
    { selector: 'a', format: 'listlensAnchor' },
    { selector: 'hr', format: 'listlensRule' },
    { selector: 'img', format: 'skip' },
    // Outlook writes one <p class="MsoNormal"> per line, and <p>&nbsp;</p> for a blank one.
    { selector: 'p.MsoNormal', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'p.MsoListParagraph', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
  ],
});

/** What a stack of open regions (outermost first) makes the text inside it. */
function resolveRegion(stack: readonly RegionCode[]): ForcedKind | null {
  let inSoftQuote = false;
  for (const code of stack) {
    if (code === 'soft') inSoftQuote = true;
    else return code;
  }
  return inSoftQuote ? 'quote' : null;
}

/** Cuts the marked text into lines that each know the region they sit in. */
function markedTextToLines(marked: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const stack: RegionCode[] = [];
  const addPiece = (piece: string): void => {
    const forced = resolveRegion(stack);
    const pieceLines = splitLines(piece, forced);
    // An empty Outlook `appendonsend` still says where the quoted tail starts.
    if (pieceLines.length === 0 && forced === 'tail') lines.push({ text: '', forced });
    for (const line of pieceLines) lines.push(line); // not push(...): a long piece has more lines than the stack has room for arguments
  };
  let from = 0;
  for (const marker of marked.matchAll(WRITTEN_MARKERS)) {
    addPiece(marked.slice(from, marker.index));
    if (marker[0] === CLOSE) stack.pop();
    else stack.push(CHAR_CODE.get(marker[0].slice(1)) ?? 'quote');
    from = marker.index + marker[0].length;
  }
  addPiece(marked.slice(from));
  return lines;
}

/** Converts HTML to text lines, each forced into the region (quote, signature...) its element marks. */
export function htmlToSourceLines(html: string): SourceLine[] {
  return markedTextToLines(convert(html.replace(MARKER_CHARS, '')));
}
