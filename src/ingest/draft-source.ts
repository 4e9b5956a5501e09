import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { draftRevisionOf, draftSourceFormat, splitDraftName } from '../draft/index.js';
import { Datatracker, type DatatrackerDocument, defaultDraftArchiveUrl, draftFileUrl } from '../sources/index.js';
import { HttpError, type HttpClient } from '../sources/index.js';
import type { DraftFile, DraftFileFormat, Store } from '../store/index.js';
import { ListlensError } from '../core/index.js';

/** What `listlens draft` is given: a name with or without its revision, a local file, or an http(s) URL. */
export type DraftSpec =
  | { kind: 'name'; name: string; revision: string | null }
  | { kind: 'path'; path: string }
  | { kind: 'url'; url: string };

export interface DraftSourceOptions {
  http: HttpClient;
  /** Default `https://datatracker.ietf.org`. */
  datatracker?: string;
  /** Default `https://www.ietf.org/archive/id`. */
  draftArchive?: string;
  /** Follow "replaced by" from the named draft to the draft that replaces it, and on. */
  followReplaced?: boolean;
  /** Told when the datatracker cannot be reached and the latest stored revision is used instead. */
  onWarning?: (message: string) => void;
  now?: () => Date;
}

export interface FetchedDraft {
  name: string;
  revision: string;
  /** The datatracker's title, when it was asked. */
  title: string | null;
  /** The names gone through, the asked one first: more than one when "replaced by" was followed. */
  names: string[];
  /** The stored files of this revision (a format the archive does not have is left out). */
  files: DraftFile[];
  /** Nothing had to be downloaded or read: every file was already stored. */
  cached: boolean;
}

/** The draft spec is not a draft name, a file or a URL, or names no draft and revision. */
export class DraftSpecError extends ListlensError {
  override name = 'DraftSpecError';

  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/** The datatracker or the archive has no such draft (or revision). */
export class DraftNotFoundError extends ListlensError {
  override name = 'DraftNotFoundError';

  constructor(message: string, options?: ErrorOptions) {
    super('not-found', message, options);
  }
}

/** Published formats, looked for in this order. */
const archiveFormats = ['txt', 'xml'] as const;
const maxReplacements = 10;

export function parseDraftSpec(text: string, fileExists: (file: string) => boolean = existsSync): DraftSpec {
  const spec = text.trim();
  if (/^https?:\/\//i.test(spec)) return { kind: 'url', url: spec };
  if (fileExists(spec)) return { kind: 'path', path: spec };
  if (/[\\/]|\.(?:xml|txt|md)$/i.test(spec)) throw new DraftSpecError(`${spec}: no such file`);
  const draft = splitDraftName(spec);
  if (draft) return { kind: 'name', ...draft };
  throw new DraftSpecError(`"${text}" is not a draft name (draft-…[-NN]), a file or an http(s) URL`);
}

/**
 * Gets a draft into the store and returns it: by name, its latest revision as the datatracker says
 * (following "replaced by" when asked), downloaded from the draft archive as `.txt` and, where it
 * exists, `.xml`; or a local file or URL. Each (name, revision, format) is stored once: asking again
 * downloads nothing.
 */
export async function fetchDraft(store: Store, spec: DraftSpec, options: DraftSourceOptions): Promise<FetchedDraft> {
  if (spec.kind !== 'name') return readDraftFile(store, spec, options);
  const resolved = spec.revision
    ? { name: spec.name, revision: spec.revision, title: null, names: [spec.name] }
    : await latestRevision(store, spec.name, options);
  return { ...resolved, ...(await storeRevision(store, resolved.name, resolved.revision, options)) };
}

/** The files stored for a draft revision (the latest stored one when `revision` is null). */
export async function storedDraftFiles(store: Store, name: string, revision: string | null = null): Promise<DraftFile[]> {
  const chosen = revision ?? (await store.draftRevisions(name)).at(-1);
  if (!chosen) return [];
  return storedFiles(store, name, chosen, ['txt', 'xml', 'md']);
}

async function storedFiles(store: Store, name: string, revision: string, formats: readonly DraftFileFormat[]): Promise<DraftFile[]> {
  const files = await Promise.all(formats.map((format) => store.draftFile(name, revision, format)));
  return files.filter(hasText);
}

async function latestRevision(store: Store, name: string, options: DraftSourceOptions) {
  const datatracker = new Datatracker(options.http, options.datatracker);
  let document: DatatrackerDocument | null;
  try {
    document = await datatracker.document(name);
  } catch (error) {
    const stored = (await store.draftRevisions(name)).at(-1);
    if (!(error instanceof HttpError && error.transient) || !stored) throw error;
    options.onWarning?.(`${error.message}; using the latest stored revision, ${name}-${stored}`);
    return { name, revision: stored, title: null, names: [name] };
  }
  if (!document) throw new DraftNotFoundError(`the datatracker has no draft "${name}" (${datatracker.documentUrl(name)} answered 404)`);
  const names = [name];
  while (options.followReplaced && names.length <= maxReplacements) {
    const [successor] = await datatracker.replacedBy(document.name);
    if (!successor || names.includes(successor)) break;
    names.push(successor);
    const next = await datatracker.document(successor);
    if (!next) throw new DraftNotFoundError(`${document.name} is replaced by ${successor}, which the datatracker does not have`);
    document = next;
  }
  return { name: document.name, revision: document.rev, title: document.title || null, names };
}

/** Downloads the formats of a revision not yet looked for; a format the archive lacks is remembered as absent. */
async function storeRevision(store: Store, name: string, revision: string, options: DraftSourceOptions) {
  const looked = await Promise.all(archiveFormats.map((format) => store.draftFile(name, revision, format)));
  const missing = archiveFormats.filter((_format, i) => !looked[i]);
  const fetchedAt = (options.now ?? (() => new Date()))();
  const downloaded: DraftFile[] = [];
  const absent: DraftFile[] = [];
  for (const format of missing) {
    const source = draftFileUrl(options.draftArchive ?? defaultDraftArchiveUrl, name, revision, format);
    try {
      const response = await options.http.get(source, { accept: format === 'xml' ? 'application/xml' : 'text/plain' });
      downloaded.push(draftFile(name, revision, format, source, response.body, fetchedAt));
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 404)) throw error;
      absent.push({ name, revision, format, source, text: null, sha256: null, fetchedAt });
    }
  }
  // Absence is only remembered next to a file that exists: a revision with no file at all may be one not posted yet.
  const files = [...downloaded, ...(downloaded.length > 0 ? absent : [])];
  await store.putDraftFiles(files);
  const stored = await storedFiles(store, name, revision, archiveFormats);
  if (stored.length === 0) {
    const txt = draftFileUrl(options.draftArchive ?? defaultDraftArchiveUrl, name, revision, 'txt');
    throw new DraftNotFoundError(`${name}-${revision}: the draft archive has neither ${txt} nor its .xml`);
  }
  return { files: stored, cached: missing.length === 0 };
}

async function readDraftFile(store: Store, spec: Extract<DraftSpec, { kind: 'path' | 'url' }>, options: DraftSourceOptions): Promise<FetchedDraft> {
  const source = spec.kind === 'path' ? path.resolve(spec.path) : spec.url;
  const bytes = spec.kind === 'path' ? await readFile(spec.path) : (await options.http.get(spec.url)).body;
  const text = bytes.toString('utf8');
  const fileName = spec.kind === 'path' ? path.basename(spec.path) : decodeURIComponent(new URL(spec.url).pathname.split('/').filter(Boolean).at(-1) ?? '');
  const format = draftSourceFormat(fileName, text);
  const identity = draftRevisionOf(fileName, text, format);
  if (!identity) throw new DraftSpecError(`${source}: cannot tell the draft's name and revision (name the file <draft-name>-<NN>.${format})`);
  const file = draftFile(identity.name, identity.revision, format, source, bytes, (options.now ?? (() => new Date()))());
  const added = await store.putDraftFiles([file]);
  const stored = (await store.draftFile(identity.name, identity.revision, format))!;
  return { ...identity, title: null, names: [identity.name], files: [stored], cached: added === 0 };
}

function draftFile(name: string, revision: string, format: DraftFileFormat, source: string, bytes: Buffer, fetchedAt: Date): DraftFile {
  return { name, revision, format, source, text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex'), fetchedAt };
}

function hasText(file: DraftFile | null): file is DraftFile {
  return file !== null && file.text !== null;
}
