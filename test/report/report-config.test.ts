import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReportConfig, parseReportConfig, ReportConfigError } from '../../src/schedule/config.js';
import { fixturePath, repoRoot } from '../helpers/corpus.js';
import { bootstrappingReport, demoDraft } from './workspace.js';

const file = '/srv/listlens/listlens.config.json';
const parse = (value: unknown) => parseReportConfig(value, file);
const withReport = (overrides: Record<string, unknown>) => ({ reports: [bootstrappingReport(overrides)] });

function errorOf(value: unknown): string {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('a valid config', () => {
  it('resolves relative paths against the config file and fills in the defaults', () => {
    const config = parse({
      store: 'data/archive.sqlite',
      reports: [
        {
          name: 'iot-bootstrapping',
          lists: ['iotops', 't2trg', 'iotops'],
          source: { import: ['mail/iotops', '/var/mail/t2trg'] },
          thread: '  Secure IoT Bootstrapping  ',
          draft: { name: 'draft-sarikaya-t2trg-sbootstrapping', followReplaced: true },
        },
      ],
    });
    expect(config).toEqual({
      file,
      store: '/srv/listlens/data/archive.sqlite',
      reports: [
        {
          name: 'iot-bootstrapping',
          lists: ['iotops', 't2trg'],
          source: { kind: 'import', paths: ['/srv/listlens/mail/iotops', '/var/mail/t2trg'] },
          thread: 'Secure IoT Bootstrapping',
          drafts: [{ spec: 'draft-sarikaya-t2trg-sbootstrapping', followReplaced: true, datatracker: null, draftArchive: null }],
          taxonomy: [],
          chairs: [],
          formats: ['md', 'html', 'json'],
          output: '/srv/listlens/reports',
        },
      ],
    });
  });

  it('takes a fetch source, several drafts (files, names with a revision, URLs) and extra taxonomy files', () => {
    const config = parse(
      withReport({
        source: { fetch: { archive: 'http://127.0.0.1:8080', since: '2021-02' } },
        draft: [
          { name: 'drafts/draft-example-t2trg-iot-bootstrapping-04.xml' },
          { name: 'draft-sarikaya-t2trg-sbootstrapping-11', datatracker: 'http://127.0.0.1:8080', draftArchive: 'http://127.0.0.1:8080/id/' },
          { name: 'https://www.ietf.org/archive/id/draft-sarikaya-t2trg-sbootstrapping-11.txt' },
        ],
        taxonomy: ['extra.json'],
        chairs: ['jane@example.org', ' Jürgen Albrecht '],
        formats: ['pdf', 'md'],
        output: '/var/www/reports',
      }),
    );
    const [report] = config.reports;
    expect(report!.source).toEqual({ kind: 'fetch', via: 'web', archive: 'http://127.0.0.1:8080', since: '2021-02' });
    expect(report!.drafts.map((d) => d.spec)).toEqual([
      '/srv/listlens/drafts/draft-example-t2trg-iot-bootstrapping-04.xml',
      'draft-sarikaya-t2trg-sbootstrapping-11',
      'https://www.ietf.org/archive/id/draft-sarikaya-t2trg-sbootstrapping-11.txt',
    ]);
    expect(report!.drafts[1]).toMatchObject({ datatracker: 'http://127.0.0.1:8080', draftArchive: 'http://127.0.0.1:8080/id/' });
    expect(report!.taxonomy).toEqual(['/srv/listlens/extra.json']);
    expect(report!.chairs).toEqual(['jane@example.org', 'Jürgen Albrecht']);
    expect(report!.formats).toEqual(['pdf', 'md']);
    expect(report!.output).toBe('/var/www/reports');
  });

  it('the demo config names the bundled archive and draft and writes to the repository\'s reports/', () => {
    const config = loadReportConfig(fixturePath('report/demo.config.json'));
    expect(config.store).toBeNull();
    expect(config.reports).toEqual([
      {
        name: 'iot-bootstrapping',
        lists: ['iotops', 't2trg'],
        source: { kind: 'import', paths: [fixturePath('archive')] },
        thread: 'Secure IoT Bootstrapping: A Survey',
        drafts: [{ spec: demoDraft, followReplaced: false, datatracker: null, draftArchive: null }],
        taxonomy: [],
        chairs: [],
        formats: ['md', 'html', 'json'],
        output: path.join(repoRoot, 'reports'),
      },
    ]);
  });

  it('fetches over IMAP unless "via" (or, as before IMAP, a web "archive") says otherwise', () => {
    const sourceOf = (fetch: Record<string, unknown>) => parse(withReport({ source: { fetch } })).reports[0]!.source;
    expect(sourceOf({})).toEqual({ kind: 'fetch', via: 'imap', archive: null, since: null });
    expect(sourceOf({ imap: 'imaps://127.0.0.1:9993', since: '2021-02' })).toEqual({ kind: 'fetch', via: 'imap', archive: 'imaps://127.0.0.1:9993', since: '2021-02' });
    expect(sourceOf({ via: 'web' })).toEqual({ kind: 'fetch', via: 'web', archive: null, since: null });
    expect(sourceOf({ via: 'text', textArchive: 'http://127.0.0.1:8080/text' })).toEqual({ kind: 'fetch', via: 'text', archive: 'http://127.0.0.1:8080/text', since: null });
  });

  it('the example config at the top of the repository is valid', () => {
    const config = loadReportConfig(path.join(repoRoot, 'listlens.config.example.json'));
    expect(config.reports.map((r) => [r.name, r.source, r.drafts.map((d) => [d.spec, d.followReplaced])])).toEqual([
      ['iot-bootstrapping', { kind: 'fetch', via: 'imap', archive: null, since: '2021-02' }, [['draft-sarikaya-t2trg-sbootstrapping', true]]],
    ]);
  });
});

describe('an invalid config is refused with one line naming the file, the report and the field', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [], `${file}: must be a JSON object: {"reports": [...]}`],
    ['an unknown top-level field', { report: [] }, `${file}: unknown field "report" (known: store, reports)`],
    ['no reports', { reports: [] }, `${file}: reports: must be a non-empty array of reports`],
    ['a report that is not an object', { reports: ['iotops'] }, `${file}: reports[0]: must be an object`],
    ['a name that is no folder name', withReport({ name: '../up' }), `${file}: reports[0]: name: must be a folder name of letters, digits, ".", "_" and "-"`],
    [
      'two reports of one name',
      { reports: [bootstrappingReport(), bootstrappingReport()] },
      `${file}: report "iot-bootstrapping": name: another report has this name`,
    ],
    [
      'a misspelt field',
      withReport({ fromats: ['md'] }),
      `${file}: report "iot-bootstrapping": unknown field "fromats" (known: name, lists, source, thread, draft, taxonomy, chairs, formats, output)`,
    ],
    ['chairs that are not names', withReport({ chairs: ['jane@example.org', 3] }), `${file}: report "iot-bootstrapping": chairs: must be a non-empty array of addresses or names`],
    ['no lists', withReport({ lists: [] }), `${file}: report "iot-bootstrapping": lists: must be a non-empty array of list names`],
    [
      'a list address instead of a name',
      withReport({ lists: ['iotops@ietf.org'] }),
      `${file}: report "iot-bootstrapping": lists: "iotops@ietf.org" is not a list name (lower case, as in iotops or t2trg)`,
    ],
    ['no thread', withReport({ thread: ' ' }), `${file}: report "iot-bootstrapping": thread: must be a non-empty string: a Message-ID, an archive URL or a subject substring`],
    [
      'a source of another kind',
      withReport({ source: { rsync: 'host:/mail' } }),
      `${file}: report "iot-bootstrapping": source: must be {"fetch": {"via"?: "imap" | "web" | "text", "imap"?: url, "archive"?: url, "textArchive"?: url, "since"?: "YYYY-MM"}} or {"import": [paths]}`,
    ],
    [
      'a month that is none',
      withReport({ source: { fetch: { since: '2021-13' } } }),
      `${file}: report "iot-bootstrapping": source.fetch.since: "2021-13" is not a month (YYYY-MM)`,
    ],
    [
      'an archive that is no URL',
      withReport({ source: { fetch: { archive: 'mailarchive.ietf.org' } } }),
      `${file}: report "iot-bootstrapping": source.fetch.archive: "mailarchive.ietf.org" is not an http(s) URL`,
    ],
    [
      'a way of fetching that is none',
      withReport({ source: { fetch: { via: 'rsync' } } }),
      `${file}: report "iot-bootstrapping": source.fetch.via: must be one of "imap", "web", "text"`,
    ],
    [
      'an IMAP server given as a web URL',
      withReport({ source: { fetch: { imap: 'https://imap.ietf.org' } } }),
      `${file}: report "iot-bootstrapping": source.fetch.imap: "https://imap.ietf.org" is not an IMAP URL (imaps://host[:port], credentials in the environment or ~/.netrc)`,
    ],
    [
      'credentials in the IMAP URL',
      withReport({ source: { fetch: { imap: 'imaps://me:secret@imap.ietf.org' } } }),
      `${file}: report "iot-bootstrapping": source.fetch.imap: "imaps://me:secret@imap.ietf.org" is not an IMAP URL (imaps://host[:port], credentials in the environment or ~/.netrc)`,
    ],
    [
      'a web archive with an IMAP fetch',
      withReport({ source: { fetch: { via: 'imap', archive: 'https://mailarchive.ietf.org' } } }),
      `${file}: report "iot-bootstrapping": source.fetch.archive: goes with "via": "web", not "imap"`,
    ],
    [
      'no draft',
      withReport({ draft: [] }),
      `${file}: report "iot-bootstrapping": draft: must be {"name": "draft-…" | path, "followReplaced"?: true} or a non-empty array of them`,
    ],
    [
      'a draft name that is none',
      withReport({ draft: [{ name: demoDraft }, { name: 'sbootstrapping' }] }),
      `${file}: report "iot-bootstrapping": draft[1].name: "sbootstrapping" is not a draft name (draft-…[-NN]), an existing file or an http(s) URL`,
    ],
    [
      'followReplaced not a boolean',
      withReport({ draft: { name: 'draft-sarikaya-t2trg-sbootstrapping', followReplaced: 'yes' } }),
      `${file}: report "iot-bootstrapping": draft.followReplaced: must be true or false`,
    ],
    ['a format listlens does not write', withReport({ formats: ['md', 'docx'] }), `${file}: report "iot-bootstrapping": formats: "docx" is not one of md, html, json, pdf`],
  ];

  it.each(cases)('%s', (_, value, message) => {
    expect(errorOf(value)).toBe(message);
  });
});

describe('reading the config file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-report-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file says where to look', () => {
    const missing = path.join(dir, 'listlens.config.json');
    expect(() => loadReportConfig(missing)).toThrow(new ReportConfigError(`${missing}: cannot read: no such file (see docs/scheduling.md)`));
  });

  it('a file that is not JSON is named with the parser\'s reason', () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"reports": [}');
    expect(() => loadReportConfig(broken)).toThrow(/^.*broken\.json: not valid JSON: /);
  });
});
