import { extractMentions, loadTaxonomy, type Taxonomy, type Technology } from '../nlp/index.js';
import { type MessageSearch, resolveThreadRoot, type SearchHit, type Store } from '../store/index.js';
import { parseSearchQuery, type SearchQuery, SearchQueryError } from './search-query.js';

export interface SearchOptions {
  /** `rank`: best first (the default when the query has words); `date`: newest first. */
  sort?: 'rank' | 'date';
  limit: number;
  /** Hits to skip: the number already seen, to page on. */
  offset?: number;
  /** For `tech:` (default: the built-in taxonomy). */
  taxonomy?: Taxonomy;
}

export interface SearchResult {
  query: SearchQuery;
  hits: SearchHit[];
  /** More hits follow these (ask again with `offset` moved on by `hits.length`). */
  more: boolean;
}

/**
 * Searches the store with a query in the syntax of docs/search.md. Throws `SearchQueryError` (a usage
 * error) for a query that cannot be read or a `tech:` the taxonomy lacks, `RefError` for a `thread:`
 * that names no thread. A `tech:` hit is a message whose own words raise the technology as the coverage
 * report finds it (the same rules for ambiguous names), not one that merely contains a word of it; a
 * `draft:` hit names that draft, not a longer name that begins with it.
 */
export async function searchMessages(store: Store, text: string, options: SearchOptions): Promise<SearchResult> {
  const query = parseSearchQuery(text);
  const taxonomy = query.technologies.length > 0 ? (options.taxonomy ?? loadTaxonomy()) : null;
  const technologies = query.technologies.map((id) => technologyOf(taxonomy!, id));
  const search: MessageSearch = {
    words: query.words,
    wordsAnyOf: [...query.drafts.map((draft) => [draft]), ...technologies.map(technologyTerms)],
    subject: query.subject,
    quoted: query.quoted,
    anywhere: query.anywhere,
    from: query.from,
    lists: query.lists,
    since: query.since,
    until: query.until,
    threadRoots: await Promise.all(query.threads.map((ref) => resolveThreadRoot(store, ref))),
    ...(options.sort ? { sort: options.sort } : {}),
    limit: options.limit,
  };
  const offset = options.offset ?? 0;
  if (technologies.length === 0 && query.drafts.length === 0) {
    const hits = await store.search({ ...search, limit: options.limit + 1, offset });
    return { query, hits: hits.slice(0, options.limit), more: hits.length > options.limit };
  }
  const draftNames = query.drafts.map(draftNamePattern);
  const namesAndRaises = async (hit: SearchHit) => {
    const ownText = (await store.message(hit.messageId))?.ownText ?? '';
    if (!draftNames.every((pattern) => pattern.test(ownText))) return false;
    if (technologies.length === 0) return true;
    const raised = new Set(extractMentions(taxonomy!, ownText, hit.messageId).map((mention) => mention.technologyId));
    return technologies.every((technology) => raised.has(technology.id));
  };
  const accepted = await acceptedHits(store, search, namesAndRaises, offset + options.limit + 1);
  return { query, hits: accepted.slice(offset, offset + options.limit), more: accepted.length > offset + options.limit };
}

/** The draft's name, alone or with a revision: `draft-a-b` is not named by `draft-a-b-c`. */
function draftNamePattern(name: string): RegExp {
  return new RegExp(`(?<![\\w-])${name.replaceAll('-', '[-\\s]')}(?:-\\d{2})?(?![\\w-]*\\w)`, 'i');
}

function technologyOf(taxonomy: Taxonomy, id: string): Technology {
  const technology = taxonomy.byId(id) ?? taxonomy.byId(id.toLowerCase());
  if (!technology) throw new SearchQueryError(`tech:${id}: the taxonomy has no technology with this id (see docs/taxonomy.md)`);
  return technology;
}

/**
 * Words that find every message that could name the technology: each name and alias as a prefix (a
 * plural, a longer form), without its hyphens too (`Wi-Fi`, `WiFi`), its RFCs and drafts. The extractor
 * then decides.
 */
function technologyTerms(technology: Technology): string[] {
  const names = [technology.name, ...technology.aliases].flatMap((name) => (name.includes('-') ? [name, name.replaceAll('-', '')] : [name]));
  const terms = [
    ...names.map((name) => `${name}*`),
    ...technology.rfcs.flatMap((rfc) => [`RFC ${rfc}`, `RFC${rfc}`]),
    ...technology.drafts,
  ];
  return [...new Set(terms)].filter((term) => /[\p{L}\p{N}]/u.test(term));
}

/** The first `wanted` hits that `accept` keeps, read from the store a batch at a time. */
async function acceptedHits(store: Store, search: MessageSearch, accept: (hit: SearchHit) => Promise<boolean>, wanted: number): Promise<SearchHit[]> {
  const batch = Math.max(wanted * 2, 100);
  const accepted: SearchHit[] = [];
  for (let offset = 0; accepted.length < wanted; offset += batch) {
    const page = await store.search({ ...search, limit: batch, offset });
    for (const hit of page) if (await accept(hit)) accepted.push(hit);
    if (page.length < batch) break;
  }
  return accepted;
}
