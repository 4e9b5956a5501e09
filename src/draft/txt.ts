// Plain-text drafts: the official paginated layout xml2rfc writes (form feeds, page headers and
// footers, boilerplate, table of contents) and unpaginated renderings. In the body, a line at column 0
// is a heading and everything else is indented, which is what this parser relies on.
import { DraftParseError } from './errors.js';
import {
  anchorTarget,
  chooseDraftName,
  firstDraftNameIn,
  referenceKind,
  withoutRevision,
  type DraftName,
} from './names.js';
import type { Draft, DraftReference, DraftSection } from './types.js';

interface Heading {
  /** `3.2`, `A.1`; null for an unnumbered heading (`Authors' Addresses`). */
  number: string | null;
  title: string;
}

const numberedHeading = /^(\d+(?:\.\d+)*)\.?\s+(\S.*)$/;
const appendixHeading = /^Appendix\s+([A-Z])\.?\s+(\S.*)$/;
const appendixSubheading = /^([A-Z](?:\.\d+)+)\.?\s+(\S.*)$/;
const pageFooter = /\[Page \d+\]\s*$/;
const bulletStart = /^(?:[*o+-]|\d+\.|\(?[a-z]\))\s+\S/;

export function parseTxt(content: string, fileName?: string): Draft {
  const lines = depaginate(content.replace(/\r\n?/g, '\n').split('\n'));
  const bodyStart = lines.findIndex((line) => numberedHeading.test(line));
  if (bodyStart < 0) {
    throw new DraftParseError('no numbered section heading at the start of a line: not an Internet-Draft?');
  }
  const front = lines.slice(0, bodyStart);
  const { sections, references } = readBody(lines.slice(bodyStart));
  return {
    ...chooseDraftName(frontDraftName(front), fileName),
    title: frontTitle(front),
    format: 'txt',
    sections: withCitations(sections, references),
    references,
  };
}

// ---- pages ----------------------------------------------------------------------------------

/**
 * Removes form feeds with the page footer before and the running header after each, and the blank
 * lines that pad them. A paragraph split by a page break is joined again unless the page ended a
 * sentence and the next one starts a new one.
 */
function depaginate(lines: string[]): string[] {
  const out: string[] = [];
  let state: 'text' | 'page-top' | 'below-header' = 'text';
  for (const line of lines) {
    if (line.includes('\f')) {
      dropPageBottom(out);
      // A running header may share the form feed's line.
      state = line.slice(line.lastIndexOf('\f') + 1).trim() ? 'below-header' : 'page-top';
      continue;
    }
    if (state !== 'text') {
      if (line.trim() === '') continue;
      if (state === 'page-top' && isRunningHeader(line)) {
        state = 'below-header';
        continue;
      }
      state = 'text';
      if (startsNewParagraph(out.at(-1) ?? '', line)) out.push('');
    }
    out.push(line);
  }
  dropPageBottom(out);
  return out;
}

function dropPageBottom(out: string[]): void {
  while (out.length && out.at(-1)!.trim() === '') out.pop();
  if (out.length && pageFooter.test(out.at(-1)!)) out.pop();
  while (out.length && out.at(-1)!.trim() === '') out.pop();
}

function isRunningHeader(line: string): boolean {
  return /^(Internet-Draft|RFC \d+|INTERNET-DRAFT)\s{2,}/.test(line);
}

/** List items and reference entries start their own paragraphs anyway; this is for running text. */
function startsNewParagraph(previous: string, next: string): boolean {
  return !/^\s/.test(next) || (/[.:!?"]$/.test(previous.trim()) && /^[A-Z]/.test(next.trim()));
}

// ---- front matter ---------------------------------------------------------------------------

function frontDraftName(front: string[]): DraftName | null {
  return firstDraftNameIn(front.join('\n'));
}

/** The centred title lines just above the draft-name line, or a `Title:` line. */
function frontTitle(front: string[]): string {
  const labelled = front.map((line) => /^Title:\s*(.*?)(?:\s{2,}\(abbrev:.*\))?\s*$/.exec(line)).find(Boolean);
  if (labelled) return labelled[1]!;
  const nameLine = front.findIndex((line) => /^\s+draft-[a-z0-9+-]+\s*$/i.test(line));
  if (nameLine < 0) return '';
  const titleLines: string[] = [];
  for (let i = nameLine - 1; i >= 0 && front[i]!.trim() !== ''; i--) titleLines.unshift(front[i]!.trim());
  return titleLines.join(' ');
}

// ---- body -----------------------------------------------------------------------------------

interface Part {
  heading: Heading;
  lines: string[];
}

function readBody(lines: string[]): { sections: DraftSection[]; references: DraftReference[] } {
  const sections: DraftSection[] = [];
  const references: DraftReference[] = [];
  let referencesNumber: string | null = null;
  for (const part of splitParts(lines)) {
    const { number, title } = part.heading;
    if (number !== null && isReferencesTitle(title)) referencesNumber ??= number;
    if (number === null) continue;
    if (referencesNumber !== null && (number === referencesNumber || number.startsWith(`${referencesNumber}.`))) {
      references.push(...readReferenceEntries(part.lines, referenceKind(title)));
    } else {
      sections.push({ number, title, text: paragraphs(part.lines).join('\n\n'), citations: [] });
    }
  }
  return { sections, references };
}

function isReferencesTitle(title: string): boolean {
  return /^(normative |informative )?references$/i.test(title.trim());
}

/**
 * Cuts the body at its headings: lines at column 0 after a blank line. A heading may wrap onto
 * indented lines right below it.
 */
function splitParts(lines: string[]): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const current = parts.at(-1);
    if (line.trim() !== '' && !/^\s/.test(line) && (i === 0 || lines[i - 1]!.trim() === '')) {
      const heading = parseHeading(line);
      while (lines[i + 1]?.trim() && /^\s/.test(lines[i + 1]!)) heading.title += ` ${lines[++i]!.trim()}`;
      parts.push({ heading, lines: [] });
    } else if (current) current.lines.push(line);
  }
  return parts;
}

function parseHeading(line: string): Heading {
  const match = numberedHeading.exec(line) ?? appendixHeading.exec(line) ?? appendixSubheading.exec(line);
  if (match) return { number: match[1]!, title: match[2]!.trim() };
  return { number: null, title: line.trim() };
}

const tableRule = /^\+[-=+]+\+$/;
const tableRow = /^\|.*\|$/;

/**
 * Groups lines into paragraphs (a blank line or a list bullet starts one) and rejoins each. A table
 * row (`| a | b |`) is a paragraph of its own, `a | b`; the rules between rows are dropped.
 */
function paragraphs(lines: string[]): string[] {
  const groups: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) groups.push(current);
    current = [];
  };
  for (const line of lines) {
    const text = line.trim();
    if (text === '' || tableRule.test(text) || tableRow.test(text) || bulletStart.test(text)) flush();
    if (tableRow.test(text)) groups.push([text.slice(1, -1).split('|').map((cell) => cell.trim()).join(' | ')]);
    else if (text !== '' && !tableRule.test(text)) current.push(text);
  }
  flush();
  return groups.map(joinLines);
}

/**
 * Joins wrapped lines: a break after a hyphen or slash inside a word (`sub-` / `protocol`,
 * `[I-D.ietf-` / `anima-…]`, `provisions/` / `configures`) and a break inside a `<URL>` join without
 * a space (xml2rfc only breaks where such a character already is); any other break is a space.
 */
function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (!text) text = line;
    else if (/[\w.]-$|\w\/$/.test(text) && /^\w/.test(line)) text += line;
    else if (insideUrl(text)) text += line;
    else text += ` ${line}`;
  }
  return text.replace(/\s+/g, ' ');
}

function insideUrl(text: string): boolean {
  const open = text.lastIndexOf('<');
  return open > text.lastIndexOf('>') && /^<(?:https?:|www\.|ftp:|urn:)/i.test(text.slice(open));
}

// ---- references -----------------------------------------------------------------------------

/** Entries start with `[anchor]` near the left margin; their text runs on until the next one. */
function readReferenceEntries(lines: string[], kind: DraftReference['kind']): DraftReference[] {
  const entries: string[][] = [];
  for (const line of lines) {
    if (/^\s{0,6}\[[^\]\s]+\]/.test(line)) entries.push([line.trim()]);
    else if (line.trim() && entries.length) entries.at(-1)!.push(line.trim());
  }
  return entries.map((entry) => referenceFromEntry(joinLines(entry), kind));
}

function referenceFromEntry(entry: string, kind: DraftReference['kind']): DraftReference {
  const anchor = /^\[([^\]]+)\]/.exec(entry)![1]!;
  const body = entry.slice(anchor.length + 2).trim();
  const title = /"([^"]+)"/.exec(body)?.[1]?.trim() ?? '';
  const afterTitle = title ? body.slice(body.indexOf(title) + title.length) : body;
  const fromAnchor = anchorTarget(anchor);
  const rfc = /\bRFC\s?(\d{1,5})\b/.exec(afterTitle);
  const draft = /\b(draft-[a-z0-9+-]*[a-z0-9])/i.exec(body);
  return {
    anchor,
    title,
    rfc: fromAnchor.rfc ?? (rfc ? Number(rfc[1]) : null),
    draft: fromAnchor.draft ?? (draft ? withoutRevision(draft[1]!) : null),
    kind,
  };
}

/** Citations are `[anchor]`s of the section's text that name an entry of the references. */
function withCitations(sections: DraftSection[], references: DraftReference[]): DraftSection[] {
  const anchors = new Map(references.map((r) => [r.anchor.toLowerCase(), r.anchor]));
  return sections.map((section) => {
    const cited = [...section.text.matchAll(/\[([^\[\]\s]+)\]/g)]
      .map((match) => anchors.get(match[1]!.toLowerCase()))
      .filter((anchor): anchor is string => anchor !== undefined);
    return { ...section, citations: [...new Set(cited)] };
  });
}
