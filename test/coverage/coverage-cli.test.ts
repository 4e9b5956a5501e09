import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/index.js';
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
    claims: { messageId: string; respondent: { name: string; address: string }; kind: string; text: string; source: string }[];
    verdict: string;
  }[];
  chairs: { name: string; address: string; why: string }[];
  candidates: { term: string; messages: string[]; inDraft: boolean }[];
  messages: { messageId: string; from: { name: string; address: string }; date: string; lists: string[]; url: string; technologies: string[] }[];
}

describe('listlens coverage on the bundled thread and draft', () => {
  let report: CoverageJson;
  beforeAll(() => {
    const result = run('coverage', thread, '--draft', draft05, '--format', 'json');
    // Nobody named --chair: the opener's sign-off ("Pekka & Jürgen (T2TRG chairs)") names both chairs.
    expect(result.stderr).toMatch(/^chairs \(not counted as respondents\): Pekka Vähäsalo <pekka\.vahasalo@example\.com>: signed the opening message .*; Jürgen Albrecht <juergen\.albrecht@example\.org>: signed the opening message/u);
    report = JSON.parse(result.stdout) as CoverageJson;
  });

  it('describes the whole cross-posted thread once', () => {
    expect(report.schema).toBe('listlens/coverage@2');
    expect(report.thread).toMatchObject({ subject: thread, lists: ['iotops', 't2trg'], messageCount: 26, respondentCount: 17 });
    expect(report.draft).toEqual({ name: 'draft-example-t2trg-iot-bootstrapping', revision: '05' });
    expect(new Set(report.messages.map((m) => m.messageId)).size).toBe(26);
    for (const m of report.messages) expect(m.url).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/(iotops|t2trg)\/[A-Za-z0-9_-]{27}\/$/);
  });

  it("finds the chairs without being told and does not count their messages as responses", () => {
    expect(report.chairs.map((chair) => chair.address)).toEqual(['pekka.vahasalo@example.com', 'juergen.albrecht@example.org']);
    const respondents = report.technologies.flatMap((t) => t.respondents);
    expect(respondents).not.toContain('Jürgen Albrecht');
    expect(respondents).not.toContain('Pekka Vähäsalo');
  });

  it('takes a person named with --chair, by address or by name, as a chair too', () => {
    const named = 'Luis Ferreira';
    expect(report.technologies.some((t) => t.respondents.includes(named))).toBe(true);
    for (const chair of ['luis.ferreira@example.org', 'luis  ferreira']) {
      const result = run('coverage', thread, '--draft', draft05, '--format', 'json', '--chair', chair);
      const withChair = JSON.parse(result.stdout) as CoverageJson;
      expect(withChair.thread.respondentCount).toBe(report.thread.respondentCount - 1);
      expect(withChair.technologies.flatMap((t) => t.respondents)).not.toContain(named);
      expect(withChair.chairs.find((c) => c.address === 'luis.ferreira@example.org')?.why).toMatch(/named as chair/);
      expect(result.stderr).toContain('Luis Ferreira <luis.ferreira@example.org>: named as chair');
    }
  });

  it('refuses a --chair that matches nobody, naming the participants it could have meant', () => {
    const result = run('coverage', thread, '--draft', draft05, '--chair', 'Nobody Here');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--chair "Nobody Here" matches no participant of the thread');
    expect(result.stderr).toContain('Michelle Tran <michelle.tran@example.com>');
  });

  it('judges what respondents asked for: drop lists, outdated sections, bare names', () => {
    const byId = new Map(report.technologies.map((t) => [t.id, t]));
    for (const id of ['pana', 'kerberos']) {
      expect(byId.get(id)!.verdict, id).toBe('to-drop');
      expect(byId.get(id)!.claims).toEqual([expect.objectContaining({ kind: 'drop', respondent: { name: 'Luis Ferreira', address: 'luis.ferreira@example.org' } })]);
    }
    expect(byId.get('lwm2m')).toMatchObject({ verdict: 'to-update', draftSections: [{ number: '3.2' }, { number: '6' }] });
    expect(byId.get('lwm2m')!.claims[0]!.text).toContain('still describes the 1.0 bootstrap interface');
    expect(byId.get('dpp')).toMatchObject({ verdict: 'to-update', covered: true });
    expect(byId.get('dpp')!.claims.find((c) => c.kind === 'update')!.text).toContain('reads like the first release');
    expect(byId.get('matter')!.verdict).toBe('to-add');
    // Luis's attached gap list marks CHIP missing: the claim names the file.
    expect(byId.get('matter')!.claims).toContainEqual(expect.objectContaining({ kind: 'add', source: 'bootstrap-gaps.csv' }));
    expect(byId.get('thread')).toMatchObject({ verdict: 'to-update', covered: true });
  });

  it('orders the technologies by verdict, the chair\'s to-do list first', () => {
    const order = ['to-add', 'to-update', 'to-drop', 'contested', 'covered', 'mentioned'];
    const ranks = report.technologies.map((t) => order.indexOf(t.verdict));
    expect(ranks.every((rank) => rank >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('gives the coverage verdicts the draft deserves', () => {
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

  it('keeps every evidence quote to the own words of the message it cites', async () => {
    const stored = openStore(store, { readOnly: true });
    try {
      for (const t of report.technologies) {
        // A claim from an attached table quotes its row and names the file; the rest quote the own words.
        for (const e of t.evidence.filter((_, i) => t.claims[i]!.source === 'body')) {
          const message = await stored.message(e.messageId);
          expect(message?.ownText.replace(/\s+/g, ' '), e.messageId).toContain(e.text.replace(/\s+/g, ' ').trim());
        }
      }
    } finally {
      await stored.close();
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
    const tables = new Set(both.technologies.map((t) => t.verdict)).size;
    expect(markdown.match(/\| Technology \| Raised by \| Respondents \| Claims \| draft-example-t2trg-iot-bootstrapping-05 \\\(txt\\\) \| draft-example-t2trg-iot-bootstrapping-05 \\\(xml2rfc-v2\\\) \| Evidence \|/g)).toHaveLength(tables);
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
