import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DraftSpecError, fetchDraft, parseDraftSpec } from '../../src/ingest/index.js';
import { splitDraftName } from '../../src/draft/index.js';
import { HttpClient } from '../../src/sources/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** How a draft given on the command line or as a file is named and its format told. */
const none = () => false;

describe('parseDraftSpec names', () => {
  it('lower-cases and trims a name, and splits off a two-digit revision', () => {
    expect(parseDraftSpec(' DRAFT-Foo-Bar-07 ', none)).toEqual({ kind: 'name', name: 'draft-foo-bar', revision: '07' });
    expect(parseDraftSpec('draft-foo-bar-123', none)).toEqual({ kind: 'name', name: 'draft-foo-bar-123', revision: null });
  });

  it('reads draft-x-latest as the latest revision of draft-x, as the draft parsers do', () => {
    expect(parseDraftSpec('draft-foo-bar-latest', none)).toEqual({ kind: 'name', name: 'draft-foo-bar', revision: null });
    expect(splitDraftName('draft-foo-bar-latest')).toEqual({ name: 'draft-foo-bar', revision: null });
  });

  it('refuses what is no draft name', () => {
    for (const spec of ['draft-', 'rfc8995', 'foo-bar-01']) expect(() => parseDraftSpec(spec, none)).toThrow(DraftSpecError);
    expect(() => parseDraftSpec('draft-x-01.txt', none)).toThrow('draft-x-01.txt: no such file');
  });
});

describe('a draft file is named by its file name, else by the name inside it', () => {
  let dir: string;
  let store: Store;
  let http: HttpClient;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-draft-identity-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    store = openStore(':memory:');
    http = new HttpClient();
  });
  afterEach(async () => {
    await store.close();
    http.close();
  });

  async function identity(fileName: string, text: string): Promise<[string, string, string]> {
    const file = path.join(dir, fileName);
    writeFileSync(file, text);
    const draft = await fetchDraft(store, { kind: 'path', path: file }, { http });
    return [draft.name, draft.revision, draft.files[0]!.format];
  }

  const xml = (docName: string) => `<?xml version="1.0"?>\n<rfc docName="${docName}"><front><title>T</title></front></rfc>\n`;
  const kramdown = (docname: string) => `---\ntitle: T\ndocname: ${docname}\n---\n\n--- abstract\n\nText.\n`;

  it('from the file name, whatever follows the revision', async () => {
    expect(await identity('draft-Foo-bar-03.unpaginated.txt', 'Plain text\n')).toEqual(['draft-foo-bar', '03', 'txt']);
    expect(await identity('draft-foo-bar-04.xml', xml('draft-other-09'))).toEqual(['draft-foo-bar', '04', 'xml']);
  });

  it('from the XML docName, the kramdown docname or the first draft-…-NN of a text', async () => {
    expect(await identity('draft-foo-latest.xml', xml('draft-foo-02'))).toEqual(['draft-foo', '02', 'xml']);
    expect(await identity('notes.md', kramdown('draft-zed-04'))).toEqual(['draft-zed', '04', 'md']);
    expect(await identity('draft-q.txt', 'Network Working Group\n  draft-Q-thing-09\n')).toEqual(['draft-q-thing', '09', 'txt']);
  });

  it('tells the format by the content when the file name does not', async () => {
    expect(await identity('paper.txt', xml('draft-in-xml-01'))).toEqual(['draft-in-xml', '01', 'xml']);
    expect(await identity('paper2.txt', `<!DOCTYPE rfc SYSTEM "rfc2629.dtd">\n<rfc docName="draft-dtd-05"/>`)).toEqual(['draft-dtd', '05', 'xml']);
    expect(await identity('paper3.txt', kramdown('draft-in-md-06'))).toEqual(['draft-in-md', '06', 'md']);
    expect(await identity('paper.markdown', 'docname: draft-md-ext-07\n')).toEqual(['draft-md-ext', '07', 'md']);
  });

  it('refuses a file named draft-x-latest with no name inside', async () => {
    await expect(identity('draft-foo-latest.txt', 'No name here.\n')).rejects.toThrow(`cannot tell the draft's name and revision (name the file <draft-name>-<NN>.txt)`);
    await expect(identity('draft-foo-latest.xml', xml('draft-foo-latest'))).rejects.toThrow('(name the file <draft-name>-<NN>.xml)');
  });
});
