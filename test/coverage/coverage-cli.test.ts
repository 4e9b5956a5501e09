import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';

const draft05 = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
const draft05txt = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.txt');
const thread = 'Secure IoT Bootstrapping: A Survey';

let dir: string;
let store: string;
const run = (...args: string[]) => listlens(['--store', store, ...args]);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-coverage-'));
  store = path.join(dir, 'archive.sqlite');
  expect(run('import', fixturePath('archive'), fixturePath('brief/hostile-thread.mail')).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CoverageJson {
  schema: string;
  thread: { root: string; subject: string; lists: string[]; messageCount: number; respondentCount: number };
  draft: { name: string; revision: string };
  drafts: { name: string; revision: string }[];
  technologies: {
    id: string;
    covered: boolean;
    respondents: string[];
    messages: string[];
    draftSections: { number: string; title: string }[];
    notCoveredBecause: string | null;
    byDraft: { covered: boolean }[];
    evidence: { messageId: string; url: string; text: string }[];
  }[];
  candidates: { term: string; messages: string[]; inDraft: boolean }[];
  messages: { messageId: string; from: { name: string; address: string }; date: string; lists: string[]; url: string; technologies: string[] }[];
}

describe('listlens coverage on the bundled thread and draft', () => {
  let report: CoverageJson;
  beforeAll(() => {
    const result = run('coverage', thread, '--draft', draft05, '--format', 'json');
    expect(result.stderr).toBe('');
    report = JSON.parse(result.stdout) as CoverageJson;
  });

  it('describes the whole cross-posted thread once', () => {
    expect(report.schema).toBe('listlens/coverage@2');
    expect(report.thread).toMatchObject({ subject: thread, lists: ['iotops', 't2trg'], messageCount: 26, respondentCount: 18 });
    expect(report.draft).toEqual({ name: 'draft-example-t2trg-iot-bootstrapping', revision: '05' });
    expect(new Set(report.messages.map((m) => m.messageId)).size).toBe(26);
    for (const m of report.messages) expect(m.url).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/(iotops|t2trg)\/[A-Za-z0-9_-]{27}\/$/);
  });

  it("does not count a chair's messages as responses, the chair named by address or by name", () => {
    const recapper = 'Jürgen Albrecht';
    expect(report.technologies.some((t) => t.respondents.includes(recapper))).toBe(true);
    for (const chair of ['juergen.albrecht@example.org', 'jurgen  albrecht']) {
      const result = run('coverage', thread, '--draft', draft05, '--format', 'json', '--chair', chair);
      const withChair = JSON.parse(result.stdout) as CoverageJson;
      expect(withChair.thread.respondentCount).toBe(report.thread.respondentCount - 1);
      expect(withChair.technologies.flatMap((t) => t.respondents)).not.toContain(recapper);
      expect(withChair.thread.messageCount).toBe(26);
    }
  });

  it('puts the uncovered technologies first and gives the verdicts the draft deserves', () => {
    const firstCovered = report.technologies.findIndex((t) => t.covered);
    expect(report.technologies.slice(firstCovered).every((t) => t.covered)).toBe(true);
    const byId = new Map(report.technologies.map((t) => [t.id, t]));
    expect(byId.get('sztp')).toMatchObject({ covered: true, draftSections: [{ number: '4.3', title: expect.any(String) }] });
    expect(byId.get('mud')).toMatchObject({ covered: false, notCoveredBecause: 'only-in-references' });
    expect(byId.get('suit')).toMatchObject({ covered: false, notCoveredBecause: 'only-inside-another-word' });
    expect(byId.get('oscore')).toMatchObject({ covered: false, notCoveredBecause: null });
    for (const t of report.technologies) {
      expect(t.evidence).toHaveLength(t.messages.length);
      expect(t.respondents.length).toBeGreaterThan(0);
    }
  });

  it('keeps every evidence quote to the own words of the message it cites', () => {
    const ownText = new Map<string, string>();
    for (const t of report.technologies) {
      for (const e of t.evidence) {
        if (!ownText.has(e.messageId)) {
          const shown = JSON.parse(run('show', e.messageId, '--json').stdout) as { ownText: string };
          ownText.set(e.messageId, shown.ownText.replace(/\s+/g, ' '));
        }
        expect(ownText.get(e.messageId)).toContain(e.text.replace(/\s+/g, ' ').trim());
      }
    }
  });

  it('does not offer the compared draft as a candidate term', () => {
    expect(report.candidates.some((c) => c.term.startsWith('draft-example-t2trg-iot-bootstrapping'))).toBe(false);
  });

  it('gives the same verdicts from the paginated text rendering, in a column per draft told apart by format', () => {
    const both = JSON.parse(run('coverage', thread, '--draft', draft05txt, '--draft', draft05, '--format', 'json').stdout) as CoverageJson;
    expect(both.drafts).toHaveLength(2);
    for (const t of both.technologies) expect(t.byDraft[0]!.covered, t.id).toBe(t.byDraft[1]!.covered);
    const markdown = run('coverage', thread, '--draft', draft05txt, '--draft', draft05).stdout;
    expect(markdown.match(/\| Technology \| Raised by \| Messages \| draft-example-t2trg-iot-bootstrapping-05 \\\(txt\\\) \| draft-example-t2trg-iot-bootstrapping-05 \\\(xml2rfc-v2\\\) \| Evidence \|/g)).toHaveLength(2);
  });

  it('writes HTML atomically to --out, choosing the format from the extension', () => {
    const out = path.join(dir, 'out', 'coverage.html');
    const result = run('coverage', thread, '--draft', draft05, '--out', out);
    expect(result.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=/i);
  });
});

describe('coverage of a hostile thread', () => {
  it('shows markup from mail as text in HTML and Markdown, and links only to the archive', () => {
    const html = run('coverage', 'Onboarding survey', '--draft', draft05, '--format', 'html').stdout;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Onboarding survey');
    expect(html).not.toContain('<script>');
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
      expect(href).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/iotops\/[A-Za-z0-9_-]{27}\/$/);
    }
    const markdown = run('coverage', 'Onboarding survey', '--draft', draft05).stdout;
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/\]\(javascript:/);
  });

  it('says what is wrong with a draft it cannot use', () => {
    const result = run('coverage', thread, '--draft', path.join(dir, 'missing.xml'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`listlens: ${path.join(dir, 'missing.xml')}: no such file\n`);
  });
});
