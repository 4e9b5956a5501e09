import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { analyseThreadFully } from '../../src/analyse/index.js';
import { loadDrafts } from '../../src/ingest/drafts.js';
import { type ReportDocument, reportHtml, reportMarkdown } from '../../src/render/scheduled-report.js';
import type { SinceLastReport } from '../../src/analyse/since-last-report.js';
import type { Store } from '../../src/store/types.js';
import { bootstrappingRoot, openArchiveStore } from '../summary/archive.js';
import { demoDraft } from './workspace.js';

const hostile: SinceLastReport = {
  previousReport: { date: '2021-02-28', generatedAt: '2021-02-28T11:00:00.000Z' },
  newMessages: [
    {
      messageId: 'x@example.org',
      author: 'Mallory <script>alert(1)</script> [x](javascript:alert(1))',
      date: new Date('2021-03-01T10:00:00Z'),
      subject: 'Re: <b>bold</b>',
      url: 'javascript:alert(1)',
      gist: 'See <img src=x onerror=alert(1)> and **this**.',
      technologies: [],
    },
  ],
  newRespondents: ['<i>Eve</i>'],
  newlyRaised: [],
  newlyCovered: [],
  noLongerCovered: [],
  newDraftRevision: null,
  positionChanges: [],
};

let store: Store;
let dispose: () => void;
let doc: ReportDocument;
beforeAll(async () => {
  ({ store, dispose } = await openArchiveStore());
  const drafts = await loadDrafts(store, [demoDraft]);
  const analysis = await analyseThreadFully(store, bootstrappingRoot, { drafts, taxonomy: loadTaxonomy() });
  const { coverage } = analysis;
  const [summary, brief] = [await analysis.summary(), await analysis.brief()];
  doc = { name: 'iot-bootstrapping', date: '2021-03-02', generatedAt: new Date('2021-03-02T11:00:00Z'), fingerprint: 'f', brief, coverage, summary, since: hostile };
});
afterAll(async () => dispose());

describe('the "Since the last report" section escapes mail text and links only to the archive', () => {
  it('in HTML', async () => {
    const html = reportHtml(doc);
    const section = html.slice(html.indexOf('<section class="since">'), html.indexOf('</section>', html.indexOf('<section class="since">')));
    expect(section).toBe(
      '<section class="since"><h2>Since the last report (28 February 2021)</h2><p><strong>1 new message:</strong></p>' +
        '<ul><li>1 March 2021, Mallory &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)): raised no technology. ' +
        '<span class="quote">“See &lt;img src=x onerror=alert(1)&gt; and **this**.”</span></li></ul>' +
        '<p><strong>1 new respondent:</strong> &lt;i&gt;Eve&lt;/i&gt;</p>',
    );
  });

  it('in Markdown', async () => {
    const { markdown } = reportMarkdown(doc, 'latest-charts');
    const section = markdown.slice(markdown.indexOf('## Since the last report'), markdown.indexOf('## The question'));
    expect(section).toBe(
      [
        '## Since the last report (28 February 2021)',
        '',
        '**1 new message:**',
        '',
        '- 1 March 2021, Mallory \\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(javascript:alert\\(1\\)\\): raised no technology. ' +
          '“See \\<img src=x onerror=alert\\(1\\)\\> and \\*\\*this\\*\\*.”',
        '',
        '**1 new respondent:** \\<i\\>Eve\\</i\\>',
        '',
        '',
      ].join('\n'),
    );
  });
});
