// kramdown-rfc sources: YAML front matter (`docname`, `title`, `normative:`/`informative:` reference
// keys), `--- middle` and `--- back` with `#` headings, `{{anchor}}` citations. Only the YAML the
// kramdown-rfc templates use is read: top-level keys and the two-space-indented reference keys.
import { DraftParseError } from './errors.js';
import { anchorTarget, chooseDraftName, splitDraftName } from './names.js';
import type { Draft, DraftReference, DraftSection } from './types.js';

interface MarkdownSection {
  number: string;
  title: string;
  anchor: string | null;
  lines: string[];
}

export function looksLikeKramdown(content: string): boolean {
  return /^---\s*\n/.test(content) && /^--- (?:middle|abstract)\s*$/m.test(content);
}

export function parseKramdown(content: string, fileName?: string): Draft {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const frontEnd = lines.findIndex((line, i) => i > 0 && /^---/.test(line));
  if (frontEnd < 0) throw new DraftParseError('kramdown-rfc: the YAML front matter is not closed');
  const yaml = lines.slice(1, frontEnd);
  const middle = lines.findIndex((line) => /^--- middle\s*$/.test(line));
  const back = lines.findIndex((line) => /^--- back\s*$/.test(line));
  if (middle < 0) throw new DraftParseError('kramdown-rfc: no "--- middle" line');
  const body = [
    ...numberSections(lines.slice(middle + 1, back < 0 ? undefined : back), false),
    ...(back < 0 ? [] : numberSections(lines.slice(back + 1), true)),
  ];
  const references = frontMatterReferences(yaml);
  addInlineReferences(references, body);
  const referenceAnchors = new Map(references.map((r) => [r.anchor.toLowerCase(), r.anchor]));
  const sectionAnchors = new Map(body.filter((s) => s.anchor).map((s) => [s.anchor!.toLowerCase(), s.number]));
  return {
    ...chooseDraftName(splitDraftName(topLevelValue(yaml, 'docname') ?? ''), fileName),
    title: topLevelValue(yaml, 'title') ?? '',
    format: 'kramdown-rfc',
    sections: body.map((section) => renderSection(section, referenceAnchors, sectionAnchors)),
    references,
  };
}

function topLevelValue(yaml: string[], key: string): string | null {
  const line = yaml.find((l) => l.startsWith(`${key}:`));
  return line ? unquote(line.slice(key.length + 1)) : null;
}

function unquote(value: string): string {
  return value.trim().replace(/^(['"])(.*)\1$/, '$2');
}

function frontMatterReferences(yaml: string[]): DraftReference[] {
  const references: DraftReference[] = [];
  let kind: DraftReference['kind'] | null = null;
  for (const line of yaml) {
    const topLevel = /^(\S[^:]*):/.exec(line);
    if (topLevel) {
      kind = topLevel[1] === 'normative' ? 'normative' : topLevel[1] === 'informative' ? 'informative' : null;
      continue;
    }
    if (!kind) continue;
    const entry = /^ {2}(['"]?)([^\s:'"][^:]*?)\1:\s*(.*)$/.exec(line);
    const title = /^ {4}title:\s*(.*)$/.exec(line);
    if (entry) references.push({ anchor: entry[2]!, title: '', ...anchorTarget(entry[2]!), kind });
    else if (title && references.length) references.at(-1)!.title = unquote(title[1]!);
  }
  return references;
}

const citation = /\{\{([!?]?)\s*(?:Section\s+[\w.]+\s+of\s+)?([^\s{},]+)[^{}]*\}\}/g;
/** A `{{citation}}`, or a markdown link to an anchor, `[Sethi et al.](#Sethi14)`. */
const citationOrLink = new RegExp(`${citation.source}|\\[([^\\]]+)\\]\\(#([^)\\s]+)\\)`, 'g');

/** `{{!RFC8572}}` and `{{?I-D.ietf-x}}` add references that the front matter need not list. */
function addInlineReferences(references: DraftReference[], sections: MarkdownSection[]): void {
  const known = new Set(references.map((r) => r.anchor.toLowerCase()));
  for (const section of sections) {
    for (const match of section.lines.join('\n').matchAll(citation)) {
      const anchor = match[2]!;
      if (!match[1] || known.has(anchor.toLowerCase())) continue;
      known.add(anchor.toLowerCase());
      const kind = match[1] === '!' ? 'normative' : 'informative';
      references.push({ anchor, title: '', ...anchorTarget(anchor), kind });
    }
  }
}

function numberSections(lines: string[], appendix: boolean): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  const counters: number[] = [];
  let skippingBelow = 0;
  let fenced = false;
  let current: MarkdownSection | null = null;
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (!heading) {
      current?.lines.push(line);
      continue;
    }
    const level = heading[1]!.length;
    const { title, anchor, numbered } = headingParts(heading[2]!);
    current = null;
    if (skippingBelow && level > skippingBelow) continue;
    skippingBelow = numbered ? 0 : level;
    if (!numbered) continue;
    counters.length = level;
    counters[level - 1] = (counters[level - 1] ?? 0) + 1;
    for (let i = 0; i < level - 1; i++) counters[i] ??= 1;
    const parts = counters.map((n, i) => (i === 0 && appendix ? String.fromCharCode(64 + n) : String(n)));
    current = { number: parts.join('.'), title, anchor, lines: [] };
    sections.push(current);
  }
  return sections;
}

function headingParts(text: string): { title: string; anchor: string | null; numbered: boolean } {
  const numbered = !/numbered\s*=\s*["']?false|\{:?\s*\.?unnumbered\s*\}/.test(text);
  const anchor = /\{#([^\s}]+)\}/.exec(text)?.[1] ?? null;
  const title = text.replace(/\{[^}]*\}/g, '').trim();
  return { title, anchor, numbered };
}

function renderSection(
  section: MarkdownSection,
  referenceAnchors: Map<string, string>,
  sectionAnchors: Map<string, string>,
): DraftSection {
  const citations: string[] = [];
  const text = markdownParagraphs(section.lines)
    .join('\n\n')
    .replace(citationOrLink, (whole, ...groups: (string | undefined)[]) => {
      const [, target, label, linked] = groups;
      const anchor = (target ?? linked)!;
      const reference = referenceAnchors.get(anchor.toLowerCase());
      if (reference) citations.push(reference);
      const cited = reference ? `[${reference}]` : null;
      if (label !== undefined) return cited ? `${label} ${cited}` : label;
      const number = sectionAnchors.get(anchor.toLowerCase());
      return cited ?? (number ? `Section ${number}` : whole);
    });
  return { number: section.number, title: section.title, text, citations: [...new Set(citations)] };
}

function markdownParagraphs(lines: string[]): string[] {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current);
    current = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || /^\{:.*\}$/.test(line) || /^(```|~~~)/.test(line)) flush();
    else if (/^([*+-]|\d+\.)\s+/.test(line)) {
      flush();
      current.push(line);
    } else current.push(line);
  }
  flush();
  return paragraphs.map((p) => p.join(' ').replace(/<!--.*?-->/g, '').replace(/\s+/g, ' ').trim()).filter(Boolean);
}
