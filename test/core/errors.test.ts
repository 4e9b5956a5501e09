import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListlensError, type ListlensErrorKind } from '../../src/core/index.js';
import { DraftParseError, parseDraft, XmlSyntaxError } from '../../src/draft/index.js';
import { AliasFileError, DraftNotFoundError, DraftSpecError, FetchUsageError, loadAliases, parseDraftSpec, ThreadRefError } from '../../src/ingest/index.js';
import { MailParseError } from '../../src/mail/index.js';
import { loadTaxonomy, TaxonomyError } from '../../src/nlp/index.js';
import { PdfError, printPdf } from '../../src/output/index.js';
import { acquireReportLock, loadReportConfig, ReportConfigError, ReportLockError, reportLockFile } from '../../src/schedule/index.js';
import { ReportStateError } from '../../src/schedule/state.js';
import { HttpError, ListNotFoundError } from '../../src/sources/index.js';
import { DatatrackerError } from '../../src/sources/datatracker.js';
import { openStore, RefError, resolveRef } from '../../src/store/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-errors-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every error class listlens exports, with the kind the README's exit codes document for it. */
const documented: { name: string; ErrorClass: new (message: string, options?: ErrorOptions) => ListlensError; kind: ListlensErrorKind }[] = [
  { name: 'AliasFileError', ErrorClass: AliasFileError, kind: 'usage' },
  { name: 'DraftSpecError', ErrorClass: DraftSpecError, kind: 'usage' },
  { name: 'FetchUsageError', ErrorClass: FetchUsageError, kind: 'usage' },
  { name: 'ReportConfigError', ErrorClass: ReportConfigError, kind: 'usage' },
  { name: 'TaxonomyError', ErrorClass: TaxonomyError, kind: 'usage' },
  { name: 'DraftNotFoundError', ErrorClass: DraftNotFoundError, kind: 'not-found' },
  { name: 'RefError', ErrorClass: RefError, kind: 'not-found' },
  { name: 'ThreadRefError', ErrorClass: ThreadRefError, kind: 'not-found' },
  { name: 'DatatrackerError', ErrorClass: DatatrackerError, kind: 'failed' },
  { name: 'DraftParseError', ErrorClass: DraftParseError, kind: 'failed' },
  { name: 'MailParseError', ErrorClass: MailParseError, kind: 'failed' },
  { name: 'PdfError', ErrorClass: PdfError, kind: 'failed' },
  { name: 'ReportStateError', ErrorClass: ReportStateError, kind: 'failed' },
  { name: 'XmlSyntaxError', ErrorClass: XmlSyntaxError, kind: 'failed' },
  { name: 'ReportLockError', ErrorClass: ReportLockError, kind: 'locked' },
];

describe('ListlensError', () => {
  it('is an Error with a kind, a message and an optional cause', () => {
    const cause = new Error('underneath');
    const error = new ListlensError('usage', 'wrong', { cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.kind, error.message, error.cause]).toEqual(['ListlensError', 'usage', 'wrong', cause]);
    expect(new ListlensError('failed', 'no cause').cause).toBeUndefined();
  });

  it.each(documented)('$name is a ListlensError of kind $kind, keeping its name, message and cause', ({ name, ErrorClass, kind }) => {
    const cause = new Error('underneath');
    const error = new ErrorClass('what went wrong', { cause });
    expect(error).toBeInstanceOf(ListlensError);
    expect(error).toBeInstanceOf(ErrorClass);
    expect([error.name, error.kind, error.message, error.cause]).toEqual([name, kind, 'what went wrong', cause]);
  });

  it('HttpError (failed) and ListNotFoundError (not-found) keep their own fields', () => {
    const http = new HttpError('https://example.org/x', 503, 3, '503 Service Unavailable');
    expect(http).toBeInstanceOf(ListlensError);
    expect([http.name, http.kind, http.status, http.transient, http.message]).toEqual([
      'HttpError', 'failed', 503, true, 'GET https://example.org/x: 503 Service Unavailable (gave up after 3 attempts)',
    ]);
    const list = new ListNotFoundError('nosuch', 'https://example.org/nosuch/', { cause: http });
    expect(list).toBeInstanceOf(ListlensError);
    expect([list.name, list.kind, list.list, list.url, list.cause]).toEqual(['ListNotFoundError', 'not-found', 'nosuch', 'https://example.org/nosuch/', http]);
  });
});

describe('errors as the library throws them', () => {
  const kindOf = (work: () => unknown): ListlensErrorKind | 'none' => {
    try {
      work();
    } catch (error) {
      if (error instanceof ListlensError) return error.kind;
      throw error;
    }
    return 'none';
  };

  it('a file the user names that cannot be used is a usage error, with the reading error as its cause', () => {
    const missing = path.join(dir, 'missing.json');
    expect(kindOf(() => loadAliases(missing))).toBe('usage');
    expect(kindOf(() => loadReportConfig(missing))).toBe('usage');
    expect(kindOf(() => loadTaxonomy([missing]))).toBe('usage');
    expect(kindOf(() => parseDraftSpec('not a draft'))).toBe('usage');
    const aliases = path.join(dir, 'aliases.json');
    writeFileSync(aliases, '{"Jane": "jane"');
    const error = (() => {
      try {
        loadAliases(aliases);
      } catch (caught) {
        return caught as AliasFileError;
      }
    })();
    expect(error).toBeInstanceOf(AliasFileError);
    expect(error?.cause).toBeInstanceOf(SyntaxError);
  });

  it('a ref that names no message is not-found', async () => {
    const store = openStore(path.join(dir, 'archive.sqlite'));
    try {
      await expect(resolveRef(store, '<nosuch@example.org>')).rejects.toMatchObject({ name: 'RefError', kind: 'not-found' });
      await expect(resolveRef(store, 'no such subject')).rejects.toBeInstanceOf(ListlensError);
    } finally {
      await store.close();
    }
  });

  it('a draft that cannot be read failed', () => {
    expect(kindOf(() => parseDraft('<rfc><middle>', { fileName: 'broken.xml' }))).toBe('failed');
    expect(kindOf(() => parseDraft('just some words', { fileName: 'notes.txt' }))).toBe('failed');
  });

  it('a report lock another run holds is locked', () => {
    const file = reportLockFile(path.join(dir, 'archive.sqlite'));
    const held = acquireReportLock(file);
    try {
      expect(kindOf(() => acquireReportLock(file))).toBe('locked');
    } finally {
      held.release();
    }
  });

  it('a PDF without Chromium failed', async () => {
    await expect(printPdf('<p>hi</p>', { chromium: '' })).rejects.toSatisfy((error) => error instanceof PdfError && error.kind === 'failed');
  });
});
