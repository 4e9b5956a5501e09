// A small XML reader for xml2rfc sources: elements, attributes, text, comments, CDATA, processing
// instructions, character and entity references, and a DOCTYPE internal subset (for its ENTITY
// declarations). No namespaces (a prefix stays part of the name), no validation, no external fetches.

import { ListlensError } from '../core/index.js';

export interface XmlElement {
  kind: 'element';
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export interface XmlText {
  kind: 'text';
  text: string;
}

/** `<?target data?>`, e.g. `<?rfc include='reference.RFC.8520'?>`. */
export interface XmlInstruction {
  kind: 'instruction';
  target: string;
  data: string;
}

/** A reference to an external entity (`&RFC2119;` declared `SYSTEM "…/reference.RFC.2119.xml"`). */
export interface XmlExternalEntity {
  kind: 'external-entity';
  name: string;
  systemId: string;
}

export type XmlNode = XmlElement | XmlText | XmlInstruction | XmlExternalEntity;

export class XmlSyntaxError extends ListlensError {
  override name = 'XmlSyntaxError';

  constructor(message: string, options?: ErrorOptions) {
    super('failed', message, options);
  }
}

const predefinedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

type EntityDefinition = { value: string } | { systemId: string };

const entityReference = /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.:-]*);/;

/** Parses a whole document and returns its root element. */
export function parseXml(source: string): XmlElement {
  return new XmlReader(source).document();
}

class XmlReader {
  private position = 0;
  private readonly entities = new Map<string, EntityDefinition>();

  constructor(private readonly source: string) {}

  document(): XmlElement {
    let root: XmlElement | null = null;
    while (this.position < this.source.length) {
      if (this.startsWith('<?')) this.instruction();
      else if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<!DOCTYPE')) this.doctype();
      else if (this.startsWith('<')) {
        if (root) this.fail('a second root element');
        root = this.element();
      } else if (/\s/.test(this.source[this.position]!) || this.source[this.position] === '\ufeff') this.position++;
      else this.fail('text outside the root element');
    }
    if (!root) this.fail('no root element');
    return root;
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes = this.attributes();
    const element: XmlElement = { kind: 'element', name, attributes, children: [] };
    if (this.startsWith('/>')) {
      this.position += 2;
      return element;
    }
    this.expect('>');
    this.content(element);
    const closingAt = this.position;
    this.expect('</');
    const closing = this.name();
    if (closing !== name) this.fail(`</${closing}> closes <${name}>`, closingAt);
    this.skipSpace();
    this.expect('>');
    return element;
  }

  private content(parent: XmlElement): void {
    while (!this.startsWith('</')) {
      if (this.position >= this.source.length) this.fail(`<${parent.name}> is not closed`);
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<![CDATA[')) this.pushText(parent, this.cdata());
      else if (this.startsWith('<?')) {
        const instruction = this.instruction();
        if (instruction) parent.children.push(instruction);
      } else if (this.startsWith('<')) parent.children.push(this.element());
      else this.characterData(parent);
    }
  }

  private characterData(parent: XmlElement): void {
    const end = this.source.slice(this.position).search(/[<&]/);
    const stop = end < 0 ? this.source.length : this.position + end;
    this.pushText(parent, this.source.slice(this.position, stop));
    this.position = stop;
    if (this.source[this.position] === '&') this.reference(parent);
  }

  private reference(parent: XmlElement): void {
    const match = entityReference.exec(this.source.slice(this.position, this.position + 200));
    if (!match) this.fail('a bare "&"');
    this.position += match[0].length;
    const name = match[1]!;
    const definition = this.entities.get(name);
    if (definition && 'systemId' in definition) {
      parent.children.push({ kind: 'external-entity', name, systemId: definition.systemId });
    } else {
      this.pushText(parent, this.resolveEntity(name));
    }
  }

  private resolveEntity(name: string): string {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const predefined = predefinedEntities[name];
    if (predefined !== undefined) return predefined;
    const definition = this.entities.get(name);
    if (definition && 'value' in definition) return decodeReferences(definition.value, (n) => this.resolveEntity(n));
    this.fail(`undeclared entity &${name};`);
  }

  private pushText(parent: XmlElement, text: string): void {
    if (!text) return;
    const last = parent.children.at(-1);
    if (last?.kind === 'text') last.text += text;
    else parent.children.push({ kind: 'text', text });
  }

  private attributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (;;) {
      this.skipSpace();
      if (this.startsWith('>') || this.startsWith('/>')) return attributes;
      const name = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      attributes[name] = decodeReferences(this.quoted(), (n) => this.resolveEntity(n));
    }
  }

  private quoted(): string {
    const quote = this.source[this.position];
    if (quote !== '"' && quote !== "'") this.fail('an attribute value without quotes');
    const end = this.source.indexOf(quote, this.position + 1);
    if (end < 0) this.fail('an unterminated attribute value');
    const value = this.source.slice(this.position + 1, end);
    this.position = end + 1;
    return value;
  }

  private instruction(): XmlInstruction | null {
    const end = this.source.indexOf('?>', this.position);
    if (end < 0) this.fail('an unterminated processing instruction');
    const body = this.source.slice(this.position + 2, end);
    this.position = end + 2;
    const match = /^([^\s?]+)\s*([\s\S]*)$/.exec(body);
    if (!match || match[1]!.toLowerCase() === 'xml') return null;
    return { kind: 'instruction', target: match[1]!, data: match[2]!.trim() };
  }

  private comment(): void {
    const end = this.source.indexOf('-->', this.position + 4);
    if (end < 0) this.fail('an unterminated comment');
    this.position = end + 3;
  }

  private cdata(): string {
    const end = this.source.indexOf(']]>', this.position);
    if (end < 0) this.fail('an unterminated CDATA section');
    const text = this.source.slice(this.position + '<![CDATA['.length, end);
    this.position = end + 3;
    return text;
  }

  private doctype(): void {
    this.position += '<!DOCTYPE'.length;
    for (;;) {
      if (this.position >= this.source.length) this.fail('an unterminated DOCTYPE');
      const char = this.source[this.position]!;
      if (char === '>') {
        this.position++;
        return;
      }
      if (char === '"' || char === "'") this.quoted();
      else if (char === '[') this.internalSubset();
      else this.position++;
    }
  }

  private internalSubset(): void {
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.position >= this.source.length) this.fail('an unterminated DOCTYPE internal subset');
      if (this.startsWith(']')) {
        this.position++;
        return;
      }
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<?')) this.instruction();
      else if (this.startsWith('<!ENTITY')) this.entityDeclaration();
      else if (this.startsWith('<!')) this.skipDeclaration();
      else if (this.startsWith('%')) this.position = this.source.indexOf(';', this.position) + 1 || this.source.length;
      else this.fail('unexpected text in the DOCTYPE');
    }
  }

  private entityDeclaration(): void {
    this.position += '<!ENTITY'.length;
    this.skipSpace();
    if (this.startsWith('%')) {
      this.skipDeclaration();
      return;
    }
    const name = this.name();
    this.skipSpace();
    if (this.startsWith('SYSTEM') || this.startsWith('PUBLIC')) {
      const isPublic = this.startsWith('PUBLIC');
      this.position += 6;
      this.skipSpace();
      if (isPublic) {
        this.quoted();
        this.skipSpace();
      }
      this.entities.set(name, { systemId: this.quoted() });
    } else {
      this.entities.set(name, { value: this.quoted() });
    }
    this.skipDeclaration();
  }

  /** Skips to the `>` that ends the current declaration, stepping over quoted strings. */
  private skipDeclaration(): void {
    while (this.position < this.source.length && this.source[this.position] !== '>') {
      const char = this.source[this.position];
      if (char === '"' || char === "'") this.quoted();
      else this.position++;
    }
    this.position++;
  }

  private name(): string {
    const match = /^[A-Za-z_:][\w.:-]*/.exec(this.source.slice(this.position, this.position + 200));
    if (!match) this.fail('a name was expected');
    this.position += match[0].length;
    return match[0];
  }

  private skipSpace(): void {
    while (/\s/.test(this.source[this.position] ?? '')) this.position++;
  }

  private startsWith(text: string): boolean {
    return this.source.startsWith(text, this.position);
  }

  private expect(text: string): void {
    if (!this.startsWith(text)) this.fail(`"${text}" was expected`);
    this.position += text.length;
  }

  private fail(what: string, at = this.position): never {
    const before = this.source.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new XmlSyntaxError(`XML line ${line}, column ${column}: ${what}`);
  }
}

function decodeReferences(text: string, resolve: (name: string) => string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.:-]*);/g, (_, name: string) => resolve(name));
}

/** Child elements of `element` with one of `names` (all child elements when none are given). */
export function childElements(element: XmlElement, ...names: string[]): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => child.kind === 'element' && (names.length === 0 || names.includes(child.name)),
  );
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element, name)[0];
}

/** All descendant elements named `name`, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of childElements(element)) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

/** The concatenated text of an element and its descendants, whitespace collapsed. */
export function textContent(node: XmlNode): string {
  return collectText(node).replace(/\s+/g, ' ').trim();
}

function collectText(node: XmlNode): string {
  if (node.kind === 'text') return node.text;
  if (node.kind === 'element') return node.children.map(collectText).join('');
  return '';
}
