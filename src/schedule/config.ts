import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DraftSpecError, parseDraftSpec } from '../ingest/index.js';
import { type FetchVia, fetchVias, isMonth } from '../ingest/index.js';
import { ListlensError } from '../core/index.js';

export type ReportFormat = 'md' | 'html' | 'json' | 'pdf';

export const reportFormats: readonly ReportFormat[] = ['md', 'html', 'json', 'pdf'];

/** How a run brings the store up to date before a report is made; null: the store is used as it is. */
export type ReportSource =
  | {
      kind: 'fetch';
      via: FetchVia;
      /** The IMAP server (`imaps://…`), the web archive or a mirror, or the text archive; null: the IETF's. */
      archive: string | null;
      since: string | null;
    }
  | { kind: 'import'; /** Absolute paths of files and folders. */ paths: string[] };

export interface ReportDraft {
  /** As `--draft` takes it: a name (the latest revision unless one is given), a local file (absolute) or an http(s) URL. */
  spec: string;
  followReplaced: boolean;
  /** The datatracker and draft archive to ask for a named draft; null: the IETF's. */
  datatracker: string | null;
  draftArchive: string | null;
}

export interface ReportDefinition {
  /** Also the folder the report's files go in: `<output>/<name>/`. */
  name: string;
  lists: string[];
  source: ReportSource | null;
  /** A `<ref>`: Message-ID, archive URL or subject substring. */
  thread: string;
  /** In the order given; the last is the one the technologies are judged against. */
  drafts: ReportDraft[];
  /** Extra taxonomy files (absolute), merged over the built-in one. */
  taxonomy: string[];
  /** The group's chairs, by address or name: their messages are not counted as responses. */
  chairs: string[];
  formats: ReportFormat[];
  /** Absolute. */
  output: string;
}

export interface ReportConfig {
  /** The config file as it was named. */
  file: string;
  /** Absolute; null: `--store`, else the usual default. */
  store: string | null;
  reports: ReportDefinition[];
}

/** A config file that cannot be read or is not valid; the message names the file, the report and the field. */
export class ReportConfigError extends ListlensError {
  override name = 'ReportConfigError';

  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

export const defaultReportFormats: readonly ReportFormat[] = ['md', 'html', 'json'];
export const defaultReportOutput = 'reports';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const listPattern = /^[a-z0-9][a-z0-9._-]*$/;

type JsonObject = Record<string, unknown>;

/** Reads and validates a config file; relative paths in it are relative to the file. */
export function loadReportConfig(file: string): ReportConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (see docs/scheduling.md)' : (error as Error).message;
    throw new ReportConfigError(`${file}: cannot read: ${reason}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportConfigError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseReportConfig(value, file);
}

/** Validates a parsed config; `file` names it in errors and anchors its relative paths. */
export function parseReportConfig(value: unknown, file: string): ReportConfig {
  const fail = (where: string, message: string) => new ReportConfigError(`${file}: ${where}${where ? ': ' : ''}${message}`);
  if (!isObject(value)) throw fail('', 'must be a JSON object: {"reports": [...]}');
  checkFields(value, ['store', 'reports'], (message) => fail('', message));
  const base = path.dirname(path.resolve(file));
  const store = value.store === undefined ? null : path.resolve(base, text(value.store, (m) => fail('store', m), 'a path'));
  if (!Array.isArray(value.reports) || value.reports.length === 0) throw fail('reports', 'must be a non-empty array of reports');
  const reports = value.reports.map((entry: unknown, i) => parseReport(entry, i, base, (where, message) => fail(where, message)));
  const seen = new Set<string>();
  for (const report of reports) {
    if (seen.has(report.name)) throw fail(`report "${report.name}"`, 'name: another report has this name');
    seen.add(report.name);
  }
  return { file, store, reports };
}

type Fail = (where: string, message: string) => ReportConfigError;
type FieldFail = (message: string) => ReportConfigError;

function parseReport(entry: unknown, index: number, base: string, fail: Fail): ReportDefinition {
  if (!isObject(entry)) throw fail(`reports[${index}]`, 'must be an object');
  if (typeof entry.name !== 'string' || !namePattern.test(entry.name)) {
    throw fail(`reports[${index}]`, 'name: must be a folder name of letters, digits, ".", "_" and "-"');
  }
  const where = `report "${entry.name}"`;
  const field = (name: string): FieldFail => (message) => fail(where, `${name}: ${message}`);
  checkFields(entry, ['name', 'lists', 'source', 'thread', 'draft', 'taxonomy', 'chairs', 'formats', 'output'], (message) => fail(where, message));
  return {
    name: entry.name,
    lists: parseLists(entry.lists, field('lists')),
    source: entry.source === undefined ? null : parseSource(entry.source, base, field),
    thread: text(entry.thread, field('thread'), 'a Message-ID, an archive URL or a subject substring'),
    drafts: parseDrafts(entry.draft, base, field),
    taxonomy: entry.taxonomy === undefined ? [] : texts(entry.taxonomy, field('taxonomy'), 'paths').map((file) => path.resolve(base, file)),
    chairs: entry.chairs === undefined ? [] : texts(entry.chairs, field('chairs'), 'addresses or names'),
    formats: entry.formats === undefined ? [...defaultReportFormats] : parseFormats(entry.formats, field('formats')),
    output: path.resolve(base, entry.output === undefined ? defaultReportOutput : text(entry.output, field('output'), 'a folder')),
  };
}

function parseLists(value: unknown, fail: FieldFail): string[] {
  const lists = texts(value, fail, 'list names');
  const bad = lists.find((list) => !listPattern.test(list));
  if (bad !== undefined) throw fail(`"${bad}" is not a list name (lower case, as in iotops or t2trg)`);
  return [...new Set(lists)];
}

function parseSource(value: unknown, base: string, field: (name: string) => FieldFail): ReportSource {
  const shape = `must be {"fetch": {${fetchShape}}} or {"import": [paths]}`;
  if (!isObject(value) || Object.keys(value).length !== 1) throw field('source')(shape);
  if ('import' in value) return { kind: 'import', paths: texts(value.import, field('source.import'), 'paths').map((p) => path.resolve(base, p)) };
  if (!('fetch' in value)) throw field('source')(shape);
  const fetch = value.fetch;
  if (!isObject(fetch)) throw field('source.fetch')(`must be an object: {${fetchShape}}`);
  checkFields(fetch, ['via', 'imap', 'archive', 'textArchive', 'since'], field('source.fetch'));
  const via = parseVia(fetch, field('source.fetch.via'));
  const urlKey = urlKeyOf[via];
  const misplaced = Object.values(urlKeyOf).find((key) => key !== urlKey && fetch[key] !== undefined);
  if (misplaced !== undefined) throw field(`source.fetch.${misplaced}`)(`goes with "via": "${viaOfUrlKey(misplaced)}", not "${via}"`);
  const given = fetch[urlKey];
  const archive = given === undefined ? null : via === 'imap' ? imapUrl(given, field('source.fetch.imap')) : url(given, field(`source.fetch.${urlKey}`));
  const since = fetch.since === undefined ? null : text(fetch.since, field('source.fetch.since'), 'a month, YYYY-MM');
  if (since !== null && !isMonth(since)) throw field('source.fetch.since')(`"${since}" is not a month (YYYY-MM)`);
  return { kind: 'fetch', via, archive, since };
}

const fetchShape = '"via"?: "imap" | "web" | "text", "imap"?: url, "archive"?: url, "textArchive"?: url, "since"?: "YYYY-MM"';

/** The config key naming the server of each way of fetching. */
const urlKeyOf: Record<FetchVia, string> = { imap: 'imap', web: 'archive', text: 'textArchive' };

function viaOfUrlKey(key: string): FetchVia {
  return fetchVias.find((via) => urlKeyOf[via] === key)!;
}

/** IMAP unless "via" says otherwise; a config that names only a web "archive" (as before IMAP) fetches from it. */
function parseVia(fetch: JsonObject, fail: FieldFail): FetchVia {
  if (fetch.via === undefined) return fetch.archive !== undefined ? 'web' : fetch.textArchive !== undefined ? 'text' : 'imap';
  if (typeof fetch.via !== 'string' || !fetchVias.includes(fetch.via as FetchVia)) throw fail(`must be one of "imap", "web", "text"`);
  return fetch.via as FetchVia;
}

function parseDrafts(value: unknown, base: string, field: (name: string) => FieldFail): ReportDraft[] {
  const shape = 'must be {"name": "draft-…" | path, "followReplaced"?: true} or a non-empty array of them';
  if (Array.isArray(value)) {
    if (value.length === 0) throw field('draft')(shape);
    return value.map((entry: unknown, i) => parseDraft(entry, base, (name) => field(`draft[${i}]${name ? `.${name}` : ''}`)));
  }
  if (!isObject(value)) throw field('draft')(shape);
  return [parseDraft(value, base, (name) => field(`draft${name ? `.${name}` : ''}`))];
}

function parseDraft(value: unknown, base: string, field: (name: string) => FieldFail): ReportDraft {
  if (!isObject(value)) throw field('')('must be {"name": "draft-…" | path, "followReplaced"?: true}');
  checkFields(value, ['name', 'followReplaced', 'datatracker', 'draftArchive'], field(''));
  const name = text(value.name, field('name'), 'a draft name (draft-…[-NN]), a path or an http(s) URL');
  if (value.followReplaced !== undefined && typeof value.followReplaced !== 'boolean') throw field('followReplaced')('must be true or false');
  return {
    spec: draftSpecOf(name, base, field('name')),
    followReplaced: value.followReplaced === true,
    datatracker: value.datatracker === undefined ? null : url(value.datatracker, field('datatracker')),
    draftArchive: value.draftArchive === undefined ? null : url(value.draftArchive, field('draftArchive')),
  };
}

/** A file beside the config first; then a URL or a draft name; else, if it looks like a path, a file (a missing one fails the run, not the config). */
function draftSpecOf(name: string, base: string, fail: FieldFail): string {
  const file = path.resolve(base, name);
  if (existsSync(file)) return file;
  try {
    parseDraftSpec(name, () => false);
    return name;
  } catch (error) {
    if (!(error instanceof DraftSpecError)) throw error;
    if (/[\\/]|\.(xml|txt|md)$/i.test(name)) return file;
    throw fail(`"${name}" is not a draft name (draft-…[-NN]), an existing file or an http(s) URL`);
  }
}

function parseFormats(value: unknown, fail: FieldFail): ReportFormat[] {
  const formats = texts(value, fail, `formats (${reportFormats.join(', ')})`);
  const bad = formats.find((format) => !reportFormats.includes(format as ReportFormat));
  if (bad !== undefined) throw fail(`"${bad}" is not one of ${reportFormats.join(', ')}`);
  return [...new Set(formats as ReportFormat[])];
}

function checkFields(object: JsonObject, known: string[], fail: FieldFail): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown !== undefined) throw fail(`unknown field "${unknown}" (known: ${known.join(', ')})`);
}

function text(value: unknown, fail: FieldFail, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw fail(`must be a non-empty string: ${what}`);
  return value.trim();
}

function texts(value: unknown, fail: FieldFail, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw fail(`must be a non-empty array of ${what}`);
  }
  return value.map((item: string) => item.trim());
}

function url(value: unknown, fail: FieldFail): string {
  const given = text(value, fail, 'an http(s) URL');
  if (!/^https?:\/\/[^/\s]+/i.test(given)) throw fail(`"${given}" is not an http(s) URL`);
  return given;
}

function imapUrl(value: unknown, fail: FieldFail): string {
  const given = text(value, fail, 'an imaps:// URL');
  if (!/^imaps?:\/\/[^/\s@]+\/?$/i.test(given)) throw fail(`"${given}" is not an IMAP URL (imaps://host[:port], credentials in the environment or ~/.netrc)`);
  return given;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
