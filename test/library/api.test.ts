import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as listlens from '../../src/index.js';
import { analyseThreadFully, importPaths, loadDrafts, loadTaxonomy, openStore, RefError, resolveThreadRoot, type Store } from '../../src/index.js';
import { exampleArchive, exampleDraft } from './example.js';

let folder: string;
let store: Store;
beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'listlens-library-'));
  store = openStore(path.join(folder, 'archive.sqlite'));
  expect((await importPaths(store, [exampleArchive])).new).toBe(34);
  await store.rethread();
});
afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the library, in process', () => {
  it('analyses the demo thread against the bundled draft as docs/library.md shows', async () => {
    const root = await resolveThreadRoot(store, 'Secure IoT Bootstrapping: A Survey');
    const drafts = await loadDrafts(store, [exampleDraft]);
    const analysis = await analyseThreadFully(store, root, { drafts, taxonomy: loadTaxonomy(), chairs: ['Jürgen Albrecht'] });
    expect(analysis.coverage.thread).toMatchObject({ subject: 'Secure IoT Bootstrapping: A Survey', messageCount: 26, lists: ['iotops', 't2trg'] });
    expect(analysis.coverage.technologies.filter((raised) => raised.verdict === 'to-add').slice(0, 3).map((raised) => raised.technology.name)).toEqual([
      'Matter',
      'EDHOC',
      'MUD',
    ]);
    expect((await analysis.summary()).header.messageCount).toBe(26);
    expect(listlens.briefMarkdown(await analysis.brief(), { chartsDir: null }).markdown).toMatch(/^# Briefing: Secure IoT Bootstrapping: A Survey\n/);
  });

  it('throws RefError for a ref that names no message', async () => {
    await expect(resolveThreadRoot(store, 'no such subject anywhere')).rejects.toThrow(RefError);
  });

  it('exports what docs/library.md describes, and no more', () => {
    expect(Object.keys(listlens).sort()).toEqual(
      [
        'AliasFileError', 'DraftNotFoundError', 'DraftParseError', 'DraftSpecError', 'FetchUsageError', 'HttpClient', 'HttpError', 'ImapArchive', 'ImapError', 'ListlensError', 'PdfError',
        'RefError', 'ReportConfigError', 'SearchQueryError', 'ReportLockError', 'TaxonomyError', 'ThreadRefError', 'XmlSyntaxError',
        'acquireReportLock', 'acquireWriterLock', 'anonymousImapLogin', 'defaultImapUrl', 'fetchImapLists', 'fetchImapThread', 'imapCredentialsFor', 'imapFetchSummaryJson',
        'renderImapFetchProgress', 'renderImapFetchSummary', 'analyseThreadFully', 'briefHtml', 'briefMarkdown', 'chairsNote', 'coverageAnswer', 'coverageHtml', 'coverageJson', 'coverageMarkdown',
        'defaultArchiveUrl', 'defaultDatatrackerUrl', 'defaultDraftArchiveUrl', 'defaultTextArchiveUrl', 'draftJson', 'draftLabel', 'emit',
        'fetchChairRoles', 'fetchDraft', 'fetchLists', 'findChairs', 'fetchSummaryJson', 'fetchTextArchive', 'fetchThread', 'fileBytes', 'importPaths', 'importSummaryJson', 'inertJson', 'inertText',
        'isMonth', 'listlensVersion', 'loadAliases', 'loadDrafts', 'loadReportConfig', 'loadTaxonomy', 'messageJson', 'openStore',
        'parseDateRange', 'parseDraft', 'parseDraftSpec', 'parseSearchQuery', 'printPdf', 'renderFetchProgress', 'renderFetchSummary', 'renderImportSummary', 'renderMessage',
        'renderReportOutcome', 'renderRunTotals', 'renderSearchHits', 'renderStoreUpdate', 'renderThreadList', 'reportHtml', 'reportJson',
        'reportLockFile', 'reportMarkdown', 'reportRunJson', 'resolveRef', 'resolveThreadRoot', 'runReports', 'runStatus', 'searchJson', 'searchMessages',
        'storePath', 'threadJson', 'threadListJson', 'threadMarkdown', 'threadText', 'writeFileAtomic', 'writerLockFile',
      ].sort(),
    );
  });
});
