import { ListlensError } from '../core/index.js';

/**
 * A search as a chair types it (docs/search.md): plain words and `"phrases"` are looked for in the
 * authors' own words, `field:value` terms narrow. Every term must hold, except that repeated `from:`,
 * `list:` and `thread:` terms are alternatives.
 */
export interface SearchQuery {
  /** In the own words: a word, `word*` for a prefix, or a phrase of several words. */
  words: string[];
  /** `subject:` terms, in the subject. */
  subject: string[];
  /** `q:` terms, in the quoted text. */
  quoted: string[];
  /** `all:` terms, anywhere in the subject or body. */
  anywhere: string[];
  /** `from:`: a name or an address, or any part of one. */
  from: string[];
  /** `list:`, lower case. */
  lists: string[];
  /** From `d:`: the first instant in range. */
  since: Date | null;
  /** From `d:`: the first instant after the range. */
  until: Date | null;
  /** `thread:` refs (Message-ID, archive URL, subject substring). */
  threads: string[];
  /** `draft:` names, as given. */
  drafts: string[];
  /** `tech:` taxonomy ids. */
  technologies: string[];
}

/** A search query that cannot be read: the CLI exits 2 with its message. */
export class SearchQueryError extends ListlensError {
  override name = 'SearchQueryError';

  constructor(message: string) {
    super('usage', `search query: ${message}`);
  }
}

const fieldNames = ['from', 'list', 'subject', 'd', 'date', 'thread', 'draft', 'tech', 'q', 'all'] as const;
type FieldName = (typeof fieldNames)[number];

/** One `field:value` or plain term; `value` has its quotes removed. */
interface Term {
  field: FieldName | null;
  value: string;
  text: string;
}

const termPattern = /([A-Za-z]+:)?("[^"]*"|"[^"]*$|\S+)/y;

/** Longer queries are refused rather than handed to FTS5, where thousands of terms take minutes. */
export const maxQueryLength = 1000;
export const maxQueryTerms = 50;

/** What a query may hold, said with every refusal of its size or characters. */
const allowed = `words, "phrases", word* prefixes and field:value terms (see listlens search --help)`;

export function parseSearchQuery(text: string): SearchQuery {
  const query: SearchQuery = {
    words: [], subject: [], quoted: [], anywhere: [], from: [], lists: [],
    since: null, until: null, threads: [], drafts: [], technologies: [],
  };
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u.test(text)) {
    throw new SearchQueryError(`control characters cannot be searched for; a query holds ${allowed}`);
  }
  if (text.length > maxQueryLength) throw new SearchQueryError(`longer than ${maxQueryLength} characters; a query holds ${allowed}`);
  const terms = splitTerms(text);
  if (terms.length > maxQueryTerms) throw new SearchQueryError(`more than ${maxQueryTerms} terms; a query holds ${allowed}`);
  for (const term of terms) addTerm(query, term);
  if (isEmpty(query)) throw new SearchQueryError('nothing to search for: give words or a field such as from:, list: or d:');
  return query;
}

function splitTerms(text: string): Term[] {
  const terms: Term[] = [];
  let position = 0;
  while (position < text.length) {
    const space = /\s+/y;
    space.lastIndex = position;
    if (space.exec(text)) position = space.lastIndex;
    if (position >= text.length) break;
    termPattern.lastIndex = position;
    const match = termPattern.exec(text)!;
    position = termPattern.lastIndex;
    terms.push(readTerm(match[0], match[1]?.slice(0, -1), match[2]!));
  }
  return terms;
}

function readTerm(text: string, prefix: string | undefined, rawValue: string): Term {
  if (rawValue.startsWith('"') && (rawValue.length === 1 || !rawValue.endsWith('"'))) throw new SearchQueryError(`unclosed quote in ${text}`);
  const value = rawValue.startsWith('"') ? rawValue.slice(1, -1).trim() : rawValue;
  const bareField = /^([A-Za-z]+):$/.exec(text);
  if (bareField && isFieldName(bareField[1]!.toLowerCase())) throw new SearchQueryError(`${text} needs a value`);
  if (prefix === undefined) return { field: null, value, text };
  const field = prefix.toLowerCase();
  if (!isFieldName(field)) {
    throw new SearchQueryError(`unknown field "${prefix}:" in ${text} (fields: ${fieldNames.map((name) => `${name}:`).join(' ')}; quote a word with a colon)`);
  }
  if (!value) throw new SearchQueryError(`${prefix}: needs a value`);
  return { field, value, text };
}

function isFieldName(name: string): name is FieldName {
  return (fieldNames as readonly string[]).includes(name);
}

function addTerm(query: SearchQuery, term: Term): void {
  switch (term.field) {
    case null: query.words.push(searchWords(term)); break;
    case 'subject': query.subject.push(searchWords(term)); break;
    case 'q': query.quoted.push(searchWords(term)); break;
    case 'all': query.anywhere.push(searchWords(term)); break;
    case 'from': query.from.push(term.value); break;
    case 'list': query.lists.push(term.value.toLowerCase()); break;
    case 'thread': query.threads.push(term.value); break;
    case 'draft': query.drafts.push(draftName(term)); break;
    case 'tech': query.technologies.push(term.value); break;
    case 'd':
    case 'date': narrowDates(query, dateRange(term)); break;
  }
}

/** A word or phrase with at least one letter or digit; `*` only at its end. */
function searchWords(term: Term): string {
  const body = term.value.endsWith('*') ? term.value.slice(0, -1) : term.value;
  if (!/[\p{L}\p{N}]/u.test(body)) throw new SearchQueryError(`${term.text} has no letter or digit to search for`);
  if (body.includes('*')) throw new SearchQueryError(`${term.text}: * may only end a word (a prefix)`);
  return term.value;
}

function draftName(term: Term): string {
  if (!/^(draft-)?[a-z0-9]+(-[a-z0-9]+)+$/i.test(term.value)) throw new SearchQueryError(`${term.text} is not a draft name (draft-<who>-<what>)`);
  return term.value.toLowerCase().startsWith('draft-') ? term.value.toLowerCase() : `draft-${term.value.toLowerCase()}`;
}

function isEmpty(query: SearchQuery): boolean {
  return Object.values(query).every((value) => value === null || (Array.isArray(value) && value.length === 0));
}

export interface DateRange {
  since: Date | null;
  until: Date | null;
}

/** `d:` ranges meet: the messages must be in all of them. */
function narrowDates(query: SearchQuery, range: DateRange): void {
  if (range.since && (!query.since || range.since > query.since)) query.since = range.since;
  if (range.until && (!query.until || range.until < query.until)) query.until = range.until;
}

function dateRange(term: Term): DateRange {
  return parseDateRange(term.value, term.text);
}

/**
 * `2021`, `2021-02`, `2021-02-19`, or a range of them `A..B` (either end may be left open): from the
 * start of A to the end of B, in UTC.
 */
export function parseDateRange(value: string, context = value): DateRange {
  const [from, to, extra] = value.split('..');
  if (extra !== undefined || (!from && !to)) throw new SearchQueryError(`${context}: a date is YYYY, YYYY-MM or YYYY-MM-DD, a range A..B`);
  const range = {
    since: from ? period(from, context).start : null,
    until: to === undefined ? period(from!, context).end : to ? period(to, context).end : null,
  };
  if (range.since && range.until && range.since >= range.until) throw new SearchQueryError(`${context}: the range ends before it starts`);
  return range;
}

function period(text: string, context: string): { start: Date; end: Date } {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) throw new SearchQueryError(`${context}: "${text}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  const [year, month, day] = [Number(match[1]), match[2] ? Number(match[2]) : null, match[3] ? Number(match[3]) : null];
  const start = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
  const valid = (month === null || (month >= 1 && month <= 12)) && (day === null || start.getUTCDate() === day);
  if (!valid) throw new SearchQueryError(`${context}: "${text}" is not a date`);
  const end = new Date(Date.UTC(year + (month === null ? 1 : 0), (month ?? 1) - 1 + (month !== null && day === null ? 1 : 0), (day ?? 1) + (day === null ? 0 : 1)));
  return { start, end };
}
