import type Database from 'better-sqlite3';
import { archiveUrl, type Segment } from '../mail/index.js';
import { foldText, hasTerms } from './term-match.js';
import type { MessageSearch, SearchHit } from './types.js';

/** How many of the latest matches a ranked search ranks (see `SqliteSearch`). */
const searchCandidates = 2000;
/** The length of a snippet that is the start of the own words. */
const leadLength = 160;

/** The SQL functions the search conditions call: text matching FTS5 cannot index. */
export function registerSearchFunctions(db: Database.Database): void {
  db.function('listlens_fold', { deterministic: true }, (text: unknown) => foldText(String(text ?? '')));
  db.function('listlens_has_terms', { deterministic: true }, (text: unknown, terms: unknown) =>
    hasTerms(String(text ?? ''), JSON.parse(String(terms)) as string[]) ? 1 : 0,
  );
  db.function('listlens_quoted', { deterministic: true }, (segments: unknown) =>
    (JSON.parse(String(segments)) as Segment[])
      .filter((segment) => segment.kind === 'quote' || segment.kind === 'forwarded')
      .map((segment) => segment.text)
      .join('\n'),
  );
}

type Conditions = Pick<MessageSearch, 'from' | 'lists' | 'since' | 'until' | 'threadRoots' | 'quoted' | 'anywhere'>;

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
  if (search.threadRoots?.length) add('roots', json(search.threadRoots), `${alias}.thread_root IN (SELECT value FROM json_each(@roots))`);
  if (search.quoted?.length) add('quoted', json(search.quoted), `listlens_has_terms(listlens_quoted(${alias}.segments), @quoted)`);
  if (search.anywhere?.length) add('anywhere', json(search.anywhere), `listlens_has_terms(${alias}.subject || char(10) || ${alias}.text, @anywhere)`);
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
    const match = ftsMatch(search);
    const { clauses, params } = messageConditions('m', search);
    const offset = search.offset ?? 0;
    const page = { ...params, limit: search.limit, offset };
    const ids =
      match && search.sort !== 'date'
        ? this.ids(rankedSql(clauses), { ...page, match, candidates: Math.max(search.limit, searchCandidates) })
        : this.ids(datedSql(clauses, match !== null), match ? { ...page, match } : page);
    return this.hits(ids, match);
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

function datedSql(clauses: readonly string[], matched: boolean): string {
  const fts = matched ? ' AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match)' : '';
  return `SELECT m.id FROM messages m WHERE 1${fts}${where(clauses)}
    ORDER BY m.date IS NULL, m.date DESC, m.id DESC LIMIT @limit OFFSET @offset`;
}

function hitsSql(matched: boolean): string {
  // Not `rowid = ?`: with an equality on rowid, FTS5's snippet() quotes the first match's text for every row.
  const source = matched
    ? `(SELECT rowid AS id, snippet(messages_fts, 1, '[', ']', '…', 12) AS snippet FROM messages_fts
        WHERE messages_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))) s JOIN messages m ON m.id = s.id`
    : `(SELECT value AS id, NULL AS snippet FROM json_each(@ids)) s JOIN messages m ON m.id = s.id`;
  return `SELECT m.id, m.message_id, m.subject, m.from_name, m.from_address, m.date, m.thread_root,
      ${matched ? 's.snippet' : `substr(m.own_text, 1, ${leadLength + 1})`} AS snippet,
      (SELECT r.base_subject FROM messages r WHERE r.message_id = m.thread_root) AS thread_subject,
      (SELECT group_concat(list || ' ' || archive_id, char(10)) FROM
         (SELECT list, archive_id FROM copies c WHERE c.message = m.id ORDER BY list)) AS copies
    FROM ${source}`;
}

/**
 * Users type words, not FTS5 syntax: each term becomes a quoted string (so `EST-coaps` or `RFC8520`
 * cannot be read as column filters or operators, and several words make a phrase); a trailing `*`
 * keeps prefix search. Own words only: a reply's subject repeats the thread's, which would match every reply.
 */
function ftsMatch(search: MessageSearch): string | null {
  const parts = [
    ...(search.words?.length ? [`own_text : (${search.words.map(ftsTerm).join(' ')})`] : []),
    ...(search.wordsAnyOf ?? []).map((group) => `own_text : (${group.map(ftsTerm).join(' OR ')})`),
    ...(search.subject?.length ? [`subject : (${search.subject.map(ftsTerm).join(' ')})`] : []),
  ];
  return parts.length > 0 ? parts.join(' AND ') : null;
}

function ftsTerm(term: string): string {
  const prefix = term.endsWith('*');
  // FTS5 reads a NUL as the end of the query; control characters are no words anyway.
  const words = (prefix ? term.slice(0, -1) : term).replace(/[\u0000-\u001f\u007f]/gu, ' ').replaceAll('"', '""');
  return `"${words}"${prefix ? '*' : ''}`;
}
