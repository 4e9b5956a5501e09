import { describe, expect, it } from 'vitest';
import type { Brief } from '../../src/analyse/brief.js';
import { briefHtml } from '../../src/render/brief-html.js';
import { briefMarkdown } from '../../src/render/brief-markdown.js';
import { briefAnswer } from '../../src/render/brief-text.js';
import { annUrl, bobUrl, hostileName, hostileSubject, rootUrl, sampleBrief } from './sample-brief.js';

const archiveHref = /^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/[a-z0-9-]+\/[A-Za-z0-9_-]{27}\/$/;

describe('the answer in three sentences', () => {
  it('words respondents, positions and coverage gaps from the data', () => {
    expect(briefAnswer(sampleBrief())).toEqual([
      '4 people replied to Pekka Example\'s question in 4 messages on iotops and t2trg between 19 February 2021 and 22 February 2021.',
      `Of the 4 respondents, 1 supports, 1 opposes (${hostileName}) and 1 asks for changes first (Cy Hedge); 1 position is hedged and 1 respondent stated none.`,
      'Respondents asked for changes to draft-example-x-05: 1 technology to add (DPP); 0 to update; 0 to drop.',
    ]);
  });

  it('says so when nobody replied and nobody took a position', () => {
    const brief = sampleBrief();
    brief.respondents = [];
    brief.responseCount = 0;
    brief.positions = [];
    brief.charts.positions.none = 0;
    brief.technologies = [];
    expect(briefAnswer(brief)).toEqual([
      "Nobody has replied yet to Pekka Example's question on iotops and t2trg.",
      'Nobody stated a position: no support, objection or request for changes.',
      'No one has replied to this thread yet, so it says nothing about draft-example-x-05.',
    ]);
  });

  it('says one thing, once, of each empty case: nothing raised, a draft never discussed, all covered', () => {
    const cases: [string, (brief: Brief) => void][] = [
      ['Respondents raised no technology, so there is nothing to add to, update in or drop from draft-example-x-05.', (b) => (b.technologies = [])],
      ['This thread does not discuss draft-example-x-05.', (b) => ((b.technologies = []), (b.discussesDraft = false))],
      [
        'Every technology respondents raised is covered by draft-example-x-05 or only mentioned in passing; nobody asked for a change.',
        (b) => (b.technologies = b.technologies.map((t) => ({ ...t, covered: true, verdict: 'covered' as const }))),
      ],
    ];
    for (const [sentence, change] of cases) {
      const brief = sampleBrief();
      change(brief);
      expect(briefAnswer(brief)[2]).toBe(sentence);
      const markdown = briefMarkdown(brief, { chartsDir: null }).markdown;
      const html = briefHtml(brief);
      for (const text of [markdown, html]) {
        expect(text.split(sentence).length - 1, sentence).toBe(1);
        expect(text).not.toMatch(/Every technology raised is covered|None of the technologies raised is covered|Nothing respondents asked for is missing/);
      }
    }
  });

  it('names the most raised of many uncovered technologies', () => {
    const brief = sampleBrief();
    const extra = ['SZTP', 'FDO', 'EST'].map((name, i) => ({ ...brief.technologies[0]!, id: name, name, raisedBy: brief.technologies[0]!.raisedBy.slice(0, 1 + (i === 0 ? 1 : 0)) }));
    brief.technologies = [brief.technologies[0]!, ...extra];
    expect(briefAnswer(brief)[2]).toBe(
      'Respondents asked for changes to draft-example-x-05: 4 technologies to add (DPP, SZTP, FDO and 1 more); 0 to update; 0 to drop.',
    );
  });
});

describe('the HTML briefing', () => {
  const html = briefHtml(sampleBrief());

  it('escapes every text from mail and runs no script', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<title>Briefing: &lt;script&gt;alert(1)&lt;/script&gt; Secure bootstrapping</title>');
    expect(html).toContain('“Wi-Fi &lt;b&gt;Easy Connect&lt;/b&gt; (<strong>DPP</strong>) is what we ship.”');
    expect(html).toContain('Bob](javascript:alert(1))');
    expect(html).not.toContain(hostileSubject);
  });

  it('links only to the archive, and drops a recorded URL that is not the archive', () => {
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    // root; DPP: two raisers and the quote; the open question; three participants. Cy's foreign URL and Di's missing one are not links.
    expect(hrefs.length).toBe(8);
    for (const href of hrefs) expect(href).toMatch(archiveHref);
    expect(hrefs).toContain(rootUrl);
    expect(html).not.toContain('javascript:alert(2)');
    expect(html).toContain('<td>Cy Hedge</td>');
  });

  it('has the three charts inline, the sections in order, and the participants with their positions', () => {
    expect(html.match(/<svg /g)?.length).toBe(3);
    const order = ['The question', 'The answer', 'chart-messages-per-day', 'chart-positions', 'chart-technologies', 'To add: asked for, not covered by draft-example-x-05 (1)', 'Covered by draft-example-x-05 (1)', 'Candidates the taxonomy lacks (1)', 'Open questions (1)', 'Participants (5)'];
    const positions = order.map((needle) => html.indexOf(needle));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('<p>Should the group adopt this draft?</p><p>- is anything missing<br>- is it ready</p>');
    expect(html).toContain('§3.1 BRSKI<br><span class="muted">not in draft-example-x-04</span>');
    expect(html).toContain('<span class="changes">asks for changes (hedged)</span>');
    expect(html).toContain(`<li><span class="quote">“Who runs the &lt;registrar&gt;?”</span> <a href="${bobUrl}">— Bob](javascript:alert(1)), 20 Feb</a></li>`);
    expect(html).toContain('<td>Di Silent</td><td class="muted">none stated</td><td class="messages"><span class="message">undated iotops</span></td>');
  });

  it('prints with its own page CSS', () => {
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@media print');
  });
});

describe('the Markdown briefing', () => {
  it('escapes mail text so a name cannot become a link', () => {
    const { markdown } = briefMarkdown(sampleBrief(), { chartsDir: 'brief-charts' });
    expect(markdown).not.toContain('](javascript:');
    expect(markdown).toContain('Bob\\]\\(javascript:alert\\(1\\)\\)');
    expect(markdown).toContain('# Briefing: \\<script\\>alert\\(1\\)\\</script\\> Secure bootstrapping');
    expect(markdown).not.toContain('javascript:alert(2)');
  });

  it('links every message and raiser to its archive copy', () => {
    const { markdown } = briefMarkdown(sampleBrief(), { chartsDir: 'brief-charts' });
    const targets = [...markdown.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]!);
    const images = targets.filter((t) => t.endsWith('.svg'));
    expect(images).toEqual(['brief-charts/messages-per-day.svg', 'brief-charts/positions.svg', 'brief-charts/technologies.svg']);
    const links = targets.filter((t) => !t.endsWith('.svg'));
    expect(links.length).toBe(8);
    for (const link of links) expect(link).toMatch(archiveHref);
    expect(markdown).toContain(
      `| DPP | [Ann Support](${annUrl}), [Bob\\]\\(javascript:alert\\(1\\)\\)](${bobUrl}) | 2 (2 add) | — | “Wi-Fi \\<b\\>Easy Connect\\</b\\> \\(**DPP**\\) is what we ship.” [— Ann Support](${annUrl}) |`,
    );
    expect(markdown).toContain(`- “Who runs the \\<registrar\\>?” [— Bob\\]\\(javascript:alert\\(1\\)\\), 20 Feb](${bobUrl})`);
    expect(markdown).toContain('| Cy Hedge | asks for changes (hedged) “I\'d support it if” | 22 Feb t2trg |');
  });

  it('returns the chart files it links to, and leaves them out on stdout', () => {
    const withFiles = briefMarkdown(sampleBrief(), { chartsDir: 'out-charts' });
    expect(withFiles.charts.map((c) => c.path)).toEqual(['out-charts/messages-per-day.svg', 'out-charts/positions.svg', 'out-charts/technologies.svg']);
    for (const chart of withFiles.charts) expect(chart.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const stdout = briefMarkdown(sampleBrief(), { chartsDir: null });
    expect(stdout.charts).toEqual([]);
    expect(stdout.markdown).not.toContain('.svg');
    expect(stdout.markdown).toContain('Charts are written beside the file');
  });
});
