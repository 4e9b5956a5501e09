import type Database from 'better-sqlite3';
import { archiveUrl } from '../mail/index.js';
import { foldText } from './term-match.js';
import type { MessageSearch, SearchHit } from './types.js';

/** How many of the latest matches a ranked search ranks (see `SqliteSearch`). */
const searchCandidates = 2000;
/** Matches few enough that a search in date order reads their rows rather than the date index. */
const fewMatches = 500;
/** The most words a prefix is expanded into (see `SqliteSearch.prefixTerms`). */
const prefixExpansion = 50;
/** The length of a snippet that is the start of the own words. */
const leadLength = 160;

/** The SQL function the search conditions call: folding as FTS5 folds, for names and addresses. */
export function registerSearchFunctions(db: Database.Database): void {
  db.function('listlens_fold', { deterministic: true }, (text: unknown) => foldText(String(text ?? '')));
}

type Conditions = Pick<MessageSearch, 'from' | 'lists' | 'since' | 'until' | 'threadRoots'>;

export interface SqlConditions {
  /** To join with AND; empty when nothing narrows. */
  clauses: string[];
  params: Record<string, string>;
}

/** The SQL conditions on the messages table (as `alias`) that `search` asks for, besides words FTS5 finds. */
export function messageConditions(alias: string, search: Conditions): SqlConditions {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  const add = (name: string, value: string, clause: string) => {
    params[name] = value;
    clauses.push(clause);
  };
  const json = (values: readonly string[]) => JSON.stringify(values);
  if (search.from?.length) {
    add('from', json(search.from.map(foldText)), `${alias}.participant_id IN (
      SELECT a.participant_id FROM addresses a, json_each(@from) f WHERE instr(listlens_fold(a.address), f.value) > 0
      UNION SELECT p.id FROM participants p, json_each(@from) f WHERE instr(listlens_fold(p.name), f.value) > 0)`);
  }
  if (search.lists?.length) {
    add('lists', json(search.lists), `EXISTS (SELECT 1 FROM copies c WHERE c.message = ${alias}.id AND c.list IN (SELECT value FROM json_each(@lists)))`);
  }
  if (search.since) add('since', search.since.toISOString(), `${alias}.date >= @since`);
  if (search.until) add('until', search.until.toISOString(), `${alias}.date < @until`);
  if (search.threadRoots?.length) add('roots', json(search.threadRoots), `${alias}.id IN (SELECT message FROM message_threads WHERE root IN (SELECT value FROM json_each(@roots)))`);
  return { clauses, params };
}

interface HitRow {
  id: number;
  message_id: string;
  subject: string;
  from_name: string;
  from_address: string;
  date: string | null;
  thread_root: string | null;
  thread_subject: string | null;
  snippet: string;
  /** `list archiveId` a line. */
  copies: string | null;
}

/**
 * Searches with SQL made for each shape of search (and kept). A ranked search ranks the best `limit`
 * among the latest `searchCandidates` matches: ranking every match of a common word takes time linear
 * in the archive (60 ms for "the" in 100,000 messages), while FTS5 finds the latest matches by rowid
 * without ranking, so this stays fast at any size. A rarer query is ranked whole. The candidates do not
 * depend on `offset`, so that pages of one size follow on without repeats; they end with the candidates
 * (`sort: 'date'` reaches every match).
 */
export class SqliteSearch {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  search(search: MessageSearch): SearchHit[] {
    const own = (prefix: string) => this.prefixTerms('messages_fts_terms', prefix);
    const quoted = (prefix: string) => this.prefixTerms('messages_quoted_terms', prefix);
    const match = ftsMatch(search, own);
    const { clauses, params } = messageConditions('m', search);
    if (search.quoted?.length) {
      params.quoted = `quoted : (${search.quoted.map((term) => ftsTerm(term, quoted)).join(' ')})`;
      clauses.push(`m.id IN (SELECT rowid FROM messages_quoted_fts WHERE messages_quoted_fts MATCH @quoted)`);
    }
    // Each all: term in either table: the subject and own words, or the rest of the body.
    for (const [i, term] of (search.anywhere ?? []).entries()) {
      params[`all${i}`] = `{subject own_text} : ${ftsTerm(term, own)}`;
      params[`rest${i}`] = ftsTerm(term, quoted);
      clauses.push(`m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @all${i}
        UNION SELECT rowid FROM messages_quoted_fts WHERE messages_quoted_fts MATCH @rest${i})`);
    }
    const offset = search.offset ?? 0;
    const page = { ...params, limit: search.limit, offset };
    const ids =
      match && search.sort !== 'date'
        ? this.ids(rankedSql(clauses), { ...page, match, candidates: Math.max(search.limit, searchCandidates) })
        : this.ids(datedSql(clauses, match !== null, this.manyMatches(match, params)), match ? { ...page, match } : page);
    return this.hits(ids, match);
  }

  /**
   * Whether each full-text condition matches more than `fewMatches` messages. Then a search in date
   * order walks the date index from the newest end, checking each message against the matches, and
   * stops at the page; else it reads the few matching messages' dates from their rows (with many, those
   * reads cost 40 µs each: 600 ms for a word quoted in 16,000 of 100,000 messages).
   */
  private manyMatches(match: string | null, params: Record<string, string>): boolean {
    const counted = (table: string, query: string) =>
      this.statement(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ${fewMatches + 1})`).pluck().get(query) as number;
    const counts = [
      ...(match ? [counted('messages_fts', match)] : []),
      ...(params.quoted ? [counted('messages_quoted_fts', params.quoted)] : []),
      ...Object.keys(params)
        .filter((name) => name.startsWith('all'))
        .map((name) => counted('messages_fts', params[name]!) + counted('messages_quoted_fts', params[name.replace('all', 'rest')]!)),
    ];
    return counts.length > 0 && Math.min(...counts) > fewMatches;
  }

  /**
   * The indexed words that begin with `prefix`, or null when there are more than `prefixExpansion`:
   * FTS5 reads a prefix by merging the whole lists of every such word before it can return the newest
   * match, which at a million messages takes 200 ms for `secur*`, while an OR of the words is read
   * lazily from the newest end.
   */
  private prefixTerms(vocabulary: string, prefix: string): string[] | null {
    const terms = this.statement(
      `SELECT term FROM ${vocabulary} WHERE term >= @prefix AND term <= @prefix || char(1114111) LIMIT ${prefixExpansion + 1}`,
    ).pluck().all({ prefix }) as string[];
    return terms.length > prefixExpansion ? null : terms;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private ids(sql: string, params: Record<string, unknown>): number[] {
    return (this.statement(sql).all(params) as { id: number }[]).map((row) => row.id);
  }

  private hits(ids: number[], match: string | null): SearchHit[] {
    if (ids.length === 0) return [];
    const rows = this.statement(hitsSql(match !== null)).all(match ? { match, ids: JSON.stringify(ids) } : { ids: JSON.stringify(ids) }) as HitRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toHit(row, match !== null)] : [];
    });
  }
}

function toHit(row: HitRow, matched: boolean): SearchHit {
  const cut = !matched && row.snippet.length > leadLength;
  return {
    messageId: row.message_id,
    subject: row.subject,
    from: { name: row.from_name, address: row.from_address },
    date: row.date ? new Date(row.date) : null,
    snippet: cut ? `${row.snippet.slice(0, leadLength).trimEnd()}…` : row.snippet,
    threadRoot: row.thread_root ?? row.message_id,
    threadSubject: row.thread_subject ?? row.subject,
    copies: (row.copies ?? '').split('\n').filter(Boolean).map((copy) => {
      const [list, id] = copy.split(' ') as [string, string];
      return { list, url: list ? archiveUrl(list, id) : null };
    }),
  };
}

const where = (clauses: readonly string[]) => clauses.map((clause) => ` AND ${clause}`).join('');

function rankedSql(clauses: readonly string[]): string {
  const join = clauses.length > 0 ? ' JOIN messages m ON m.id = messages_fts.rowid' : '';
  return `SELECT id FROM (
      SELECT messages_fts.rowid AS id, rank FROM messages_fts${join} WHERE messages_fts MATCH @match${where(clauses)}
      ORDER BY messages_fts.rowid DESC LIMIT @candidates
    ) ORDER BY rank, id DESC LIMIT @limit OFFSET @offset`;
}

function datedSql(clauses: readonly string[], matched: boolean, byDateIndex: boolean): string {
  const fts = matched ? ' AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match)' : '';
  // Newest first, undated last (SQLite sorts NULL lowest): the order of the date index, read backwards.
  return `SELECT m.id FROM messages m${byDateIndex ? ' INDEXED BY messages_date' : ''} WHERE 1${fts}${where(clauses)}
    ORDER BY m.date DESC, m.id DESC LIMIT @limit OFFSET @offset`;
}

function hitsSql(matched: boolean): string {
  // Not `rowid = ?`: with an equality on rowid, FTS5's snippet() quotes the first match's text for every row.
  const source = matched
    ? `(SELECT rowid AS id, snippet(messages_fts, 1, '[', ']', '…', 12) AS snippet FROM messages_fts
        WHERE messages_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))) s JOIN messages m ON m.id = s.id`
    : `(SELECT value AS id, NULL AS snippet FROM json_each(@ids)) s JOIN messages m ON m.id = s.id`;
  return `SELECT m.id, m.message_id, m.subject, m.from_name, m.from_address, m.date, th.root AS thread_root,
      ${matched ? 's.snippet' : `substr(m.own_text, 1, ${leadLength + 1})`} AS snippet,
      (SELECT r.base_subject FROM messages r WHERE r.message_id = th.root) AS thread_subject,
      (SELECT group_concat(list || ' ' || archive_id, char(10)) FROM
         (SELECT list, archive_id FROM copies c WHERE c.message = m.id ORDER BY list)) AS copies
    FROM ${source} JOIN message_threads th ON th.message = m.id`;
}

/**
 * Users type words, not FTS5 syntax: each term becomes a quoted string (so `EST-coaps` or `RFC8520`
 * cannot be read as column filters or operators, and several words make a phrase); a trailing `*`
 * keeps prefix search, a one-word prefix read as the OR of the words it begins (`expand`). Plain words
 * search the own words only: a reply's subject repeats the thread's, which would match every reply.
 * Quoted text and the rest of the body (`q:`, `all:`) are in another table: see `SqliteSearch.search`.
 */
function ftsMatch(search: MessageSearch, expand: (prefix: string) => string[] | null): string | null {
  const term = (text: string) => ftsTerm(text, expand);
  const all = (columns: string, terms: readonly string[] | undefined) => (terms?.length ? [`${columns} : (${terms.map(term).join(' ')})`] : []);
  const parts = [
    ...all('own_text', search.words),
    ...(search.wordsAnyOf ?? []).map((group) => `own_text : (${group.map(term).join(' OR ')})`),
    ...all('subject', search.subject),
  ];
  return parts.length > 0 ? parts.join(' AND ') : null;
}

function ftsTerm(term: string, expand: (prefix: string) => string[] | null): string {
  const prefix = term.endsWith('*');
  // FTS5 reads a NUL as the end of the query; control characters are no words anyway.
  const words = (prefix ? term.slice(0, -1) : term).replace(/[\u0000-\u001f\u007f]/gu, ' ');
  const folded = foldText(words);
  const expanded = prefix && /^[\p{L}\p{N}]+$/u.test(folded) ? expand(folded) : null;
  if (expanded) return expanded.length > 0 ? `(${expanded.map(quoted).join(' OR ')})` : `${quoted(words)}*`;
  return `${quoted(words)}${prefix ? '*' : ''}`;
}

const quoted = (words: string) => `"${words.replaceAll('"', '""')}"`;
