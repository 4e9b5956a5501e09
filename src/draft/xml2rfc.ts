// xml2rfc v2 (RFC 7749) and v3 (RFC 7991) sources: sections with their numbers as xml2rfc numbers
// them, text as it reads (xrefs to references shown as `[anchor]`, as in the .txt rendering), and the
// references, including those pulled in by name.
import { DraftParseError } from './errors.js';
import {
  anchorTarget,
  chooseDraftName,
  referenceFromIncludeName,
  referenceKind,
  splitDraftName,
  withoutRevision,
} from './names.js';
import type { Draft, DraftReference, DraftSection } from './types.js';
import { childElements, descendants, firstChild, parseXml, textContent, type XmlElement, type XmlNode } from './xml.js';

/** A section found in the tree, before its text is rendered. */
interface SectionNode {
  number: string;
  title: string;
  element: XmlElement;
}

interface RenderContext {
  referenceAnchors: Map<string, string>;
  sectionNumbers: Map<string, string>;
  citations: string[];
}

export function parseXml2rfc(content: string, fileName?: string): Draft {
  const root = parseXml(content);
  if (root.name !== 'rfc') throw new DraftParseError(`the root element is <${root.name}>, not <rfc>`);
  const front = firstChild(root, 'front');
  const middle = firstChild(root, 'middle');
  const back = firstChild(root, 'back');
  if (!middle) throw new DraftParseError('the document has no <middle>');
  const sectionNodes = [...numberSections(childElements(middle, 'section'), ''), ...appendices(back)];
  const references = back ? readReferences(back) : [];
  const context: RenderContext = {
    referenceAnchors: new Map(references.map((r) => [r.anchor.toLowerCase(), r.anchor])),
    sectionNumbers: sectionAnchors(sectionNodes),
    citations: [],
  };
  return {
    ...chooseDraftName(sourceDraftName(root, front), fileName),
    title: textContent(firstChild(front ?? root, 'title') ?? { kind: 'text', text: '' }),
    authors: front ? childElements(front, 'author').map((author) => (author.attributes['fullname'] ?? '').trim()).filter(Boolean) : [],
    format: isVersion3(root) ? 'xml2rfc-v3' : 'xml2rfc-v2',
    sections: sectionNodes.map((node) => renderSection(node, context)),
    references,
  };
}

function isVersion3(root: XmlElement): boolean {
  if (root.attributes['version'] === '3') return true;
  return descendants(root, 'section').some((section) => firstChild(section, 'name') !== undefined);
}

function sourceDraftName(root: XmlElement, front: XmlElement | undefined) {
  const seriesInfo = front
    ? childElements(front, 'seriesInfo').find((info) => info.attributes['name'] === 'Internet-Draft')
    : undefined;
  return splitDraftName(root.attributes['docName'] ?? seriesInfo?.attributes['value'] ?? '');
}

function isNumbered(section: XmlElement): boolean {
  return section.attributes['numbered'] !== 'false';
}

/** Numbers sections the way xml2rfc does (1, 1.1, …); unnumbered ones and their subsections are left out. */
function numberSections(sections: XmlElement[], prefix: string): SectionNode[] {
  return sections.filter(isNumbered).flatMap((element, index) => numbered(element, `${prefix}${index + 1}`));
}

/** Sections of `<back>` are appendices: A, B, …, then A.1. */
function appendices(back: XmlElement | undefined): SectionNode[] {
  const sections = back ? childElements(back, 'section').filter(isNumbered) : [];
  return sections.flatMap((element, index) => numbered(element, String.fromCharCode('A'.charCodeAt(0) + index)));
}

function numbered(element: XmlElement, number: string): SectionNode[] {
  const node = { number, title: sectionTitle(element), element };
  return [node, ...numberSections(childElements(element, 'section'), `${number}.`)];
}

function sectionTitle(section: XmlElement): string {
  const name = firstChild(section, 'name');
  return name ? textContent(name) : (section.attributes['title'] ?? '').replace(/\s+/g, ' ').trim();
}

function sectionAnchors(nodes: SectionNode[]): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const node of nodes) {
    const anchor = node.element.attributes['anchor'];
    if (anchor) anchors.set(anchor.toLowerCase(), node.number);
  }
  return anchors;
}

function renderSection(node: SectionNode, shared: RenderContext): DraftSection {
  const context = { ...shared, citations: [] };
  const ownChildren = node.element.children.filter(
    (child) => !(child.kind === 'element' && (child.name === 'section' || child.name === 'name')),
  );
  const paragraphs = renderBlocks(ownChildren, context);
  return { number: node.number, title: node.title, text: paragraphs.join('\n\n'), citations: [...new Set(context.citations)] };
}

// ---- text rendering -------------------------------------------------------------------------

const blockElements = new Set([
  't', 'list', 'figure', 'artwork', 'sourcecode', 'texttable', 'table', 'ul', 'ol', 'dl', 'dt', 'dd', 'li',
  'blockquote', 'aside', 'preamble', 'postamble', 'note', 'thead', 'tbody', 'tfoot', 'tr',
]);
const silentElements = new Set(['iref', 'cref', 'name']);

/** Renders a run of nodes into paragraphs: inline content gathers into one, each block makes its own. */
function renderBlocks(nodes: XmlNode[], context: RenderContext): string[] {
  const paragraphs: string[] = [];
  let inline = '';
  const flush = () => {
    const paragraph = inline.replace(/\s+/g, ' ').trim();
    if (paragraph) paragraphs.push(paragraph);
    inline = '';
  };
  for (const node of nodes) {
    if (node.kind === 'element' && blockElements.has(node.name)) {
      flush();
      paragraphs.push(...renderBlock(node, context));
    } else {
      inline += renderInline(node, context);
    }
  }
  flush();
  return paragraphs;
}

function renderBlock(element: XmlElement, context: RenderContext): string[] {
  switch (element.name) {
    case 'list':
      return renderV2List(element, context);
    case 'ul':
    case 'ol':
      return renderV3List(element, context);
    case 'texttable':
      return renderV2Table(element, context);
    case 'tr':
      return tableRow(childElements(element, 'td', 'th').map((cell) => renderBlocks(cell.children, context).join(' ')));
    case 'artwork':
    case 'sourcecode': {
      const art = textContent({ ...element, children: element.children.filter((c) => c.kind === 'text') });
      return art ? [art] : [];
    }
    default:
      return renderBlocks(element.children, context);
  }
}

function renderV2List(list: XmlElement, context: RenderContext): string[] {
  const style = list.attributes['style'] ?? 'empty';
  const markers: Record<string, (index: number) => string> = {
    symbols: () => '* ',
    numbers: (index) => `${index + 1}. `,
    letters: (index) => `${String.fromCharCode('a'.charCodeAt(0) + index)}. `,
  };
  return childElements(list, 't').flatMap((item, index) => {
    const marker = markers[style]?.(index) ?? '';
    const hang = item.attributes['hangText'] ? `${item.attributes['hangText']} ` : '';
    return prefixFirst(renderBlocks(item.children, context), `${marker}${hang}`);
  });
}

function renderV3List(list: XmlElement, context: RenderContext): string[] {
  return childElements(list, 'li').flatMap((item, index) =>
    prefixFirst(renderBlocks(item.children, context), list.name === 'ol' ? `${index + 1}. ` : '* '),
  );
}

/** One paragraph a row, cells joined with ` | `, as the .txt rendering's table rows read. */
function renderV2Table(table: XmlElement, context: RenderContext): string[] {
  const columns = childElements(table, 'ttcol');
  const cells = childElements(table, 'c').map((cell) => renderBlocks(cell.children, context).join(' '));
  const rows = [columns.map((column) => renderBlocks(column.children, context).join(' '))];
  for (let i = 0; i < cells.length; i += Math.max(columns.length, 1)) rows.push(cells.slice(i, i + columns.length));
  const caption = table.attributes['title'];
  return [...rows.flatMap(tableRow), ...(caption ? [caption] : [])];
}

function tableRow(cells: string[]): string[] {
  const row = cells.map((cell) => cell.trim()).join(' | ');
  return row.replace(/[|\s]/g, '') ? [row] : [];
}

function prefixFirst(paragraphs: string[], prefix: string): string[] {
  if (!prefix) return paragraphs;
  const [first = '', ...rest] = paragraphs;
  return [`${prefix}${first}`.trim(), ...rest];
}

function renderInline(node: XmlNode, context: RenderContext): string {
  if (node.kind === 'text') return node.text;
  if (node.kind !== 'element' || silentElements.has(node.name)) return '';
  if (node.name === 'xref' || node.name === 'relref') return renderXref(node, context);
  if (node.name === 'eref') return textContent(node) || `<${node.attributes['target'] ?? ''}>`;
  if (node.name === 'vspace' || node.name === 'br') return ' ';
  return node.children.map((child) => renderInline(child, context)).join('');
}

/** `[RFC8572]` for a reference (recorded as a citation), `Section 3` for a section, else the text. */
function renderXref(xref: XmlElement, context: RenderContext): string {
  const target = xref.attributes['target'] ?? '';
  const label = textContent(xref);
  const reference = context.referenceAnchors.get(target.toLowerCase());
  if (reference) {
    context.citations.push(reference);
    const section = xref.attributes['section'];
    const cited = section ? `Section ${section} of [${reference}]` : `[${reference}]`;
    return label ? `${label} ${cited}` : cited;
  }
  const sectionNumber = context.sectionNumbers.get(target.toLowerCase());
  if (label) return label;
  return sectionNumber ? `Section ${sectionNumber}` : `[${target}]`;
}

// ---- references -----------------------------------------------------------------------------

function readReferences(back: XmlElement): DraftReference[] {
  return childElements(back, 'references').flatMap((group) => referencesIn(group, 'informative'));
}

function referencesIn(group: XmlElement, inherited: DraftReference['kind']): DraftReference[] {
  const title = group.attributes['title'] ?? textContent(firstChild(group, 'name') ?? { kind: 'text', text: '' });
  const kind = title ? referenceKind(title) : inherited;
  const found: DraftReference[] = [];
  for (const child of group.children) found.push(...referencesFromNode(child, kind));
  return found;
}

function referencesFromNode(node: XmlNode, kind: DraftReference['kind']): DraftReference[] {
  if (node.kind === 'instruction') {
    const include = node.target === 'rfc' ? /include\s*=\s*["']([^"']+)["']/.exec(node.data) : null;
    return maybe(include ? referenceFromIncludeName(include[1]!, kind) : null);
  }
  if (node.kind === 'external-entity') return maybe(referenceFromIncludeName(node.systemId, kind));
  if (node.kind !== 'element') return [];
  if (node.name === 'reference') return [referenceFromElement(node, kind)];
  if (node.name === 'references') return referencesIn(node, kind);
  if (node.name === 'referencegroup') return childElements(node, 'reference').map((r) => referenceFromElement(r, kind));
  if (node.name === 'xi:include') return maybe(referenceFromIncludeName(node.attributes['href'] ?? '', kind));
  return [];
}

function maybe<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}

function referenceFromElement(reference: XmlElement, kind: DraftReference['kind']): DraftReference {
  const anchor = reference.attributes['anchor'] ?? '';
  const front = firstChild(reference, 'front');
  const title = front ? textContent(firstChild(front, 'title') ?? { kind: 'text', text: '' }) : '';
  const series = descendants(reference, 'seriesInfo');
  const seriesValue = (name: string) => series.find((info) => info.attributes['name'] === name)?.attributes['value'];
  const fromAnchor = anchorTarget(anchor);
  const rfcValue = seriesValue('RFC');
  const draftValue = seriesValue('Internet-Draft');
  return {
    anchor,
    title,
    rfc: rfcValue && /^\d+$/.test(rfcValue) ? Number(rfcValue) : fromAnchor.rfc,
    draft: draftValue && /^draft-/i.test(draftValue) ? withoutRevision(draftValue) : fromAnchor.draft,
    kind,
  };
}
