import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { bootstrappingRoot, briefDraft, hasChromium, pageCount } from './fixture-brief.js';

let dir: string;
let store: string;
const run = (...args: string[]) => listlens(['--store', store, ...args]);
const out = (name: string) => path.join(dir, name);
/** Nobody is named with --chair: the opener's sign-off names both chairs, and stderr says so first. */
const chairsLine =
  'chairs (not counted as respondents): Pekka Vähäsalo <pekka.vahasalo@example.com>: signed the opening message ("Pekka & Jürgen"); ' +
  'Jürgen Albrecht <juergen.albrecht@example.org>: signed the opening message ("Pekka & Jürgen")\n';
const archiveTarget = /^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/[a-z0-9-]+\/[A-Za-z0-9_-]{27}\/$/;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-brief-cli-'));
  store = out('archive.sqlite');
  const imported = run('import', fixturePath('archive'), fixturePath('brief/hostile-thread.mail'));
  expect(imported.status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listlens brief on the bundled archive', () => {
  it('writes a self-contained HTML briefing and says where', () => {
    const result = run('brief', bootstrappingRoot, '--draft', briefDraft, '--out', out('brief.html'));
    expect(result.stderr).toBe(`${chairsLine}wrote ${out('brief.html')}\n`);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const html = readFileSync(out('brief.html'), 'utf8');
    expect(html).toContain('<h1>Briefing: Secure IoT Bootstrapping: A Survey</h1>');
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|<link |@import|src="/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('writes Markdown with its charts as SVG files beside it, linked relatively', () => {
    const result = run('brief', 'Secure IoT Bootstrapping', '--draft', briefDraft, '--out', out('brief.md'));
    expect(result.status).toBe(0);
    const charts = ['messages-per-day', 'positions', 'technologies'].map((name) => out(`brief-charts/${name}.svg`));
    expect(result.stderr).toBe(`${chairsLine}wrote ${[out('brief.md'), ...charts].join(', ')}\n`);
    const markdown = readFileSync(out('brief.md'), 'utf8');
    const images = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images).toEqual(['brief-charts/messages-per-day.svg', 'brief-charts/positions.svg', 'brief-charts/technologies.svg']);
    for (const image of images) expect(readFileSync(path.join(dir, image), 'utf8')).toMatch(/^<svg xmlns=/);
    const links = [...markdown.matchAll(/[^!]\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(40);
    for (const link of links) expect(link).toMatch(archiveTarget);
  });

  it('prints Markdown without charts to stdout when no --out is given', () => {
    const result = run('brief', bootstrappingRoot, '--draft', briefDraft);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(chairsLine);
    expect(result.stdout.split('\n')[0]).toBe('# Briefing: Secure IoT Bootstrapping: A Survey');
    expect(result.stdout).not.toContain('.svg');
  });

  it.skipIf(!hasChromium)('prints a PDF with Chromium', () => {
    const result = run('brief', bootstrappingRoot, '--draft', briefDraft, '--out', out('brief.pdf'));
    expect(result.stderr).toBe(`${chairsLine}wrote ${out('brief.pdf')}\n`);
    expect(result.status).toBe(0);
    const pdf = readFileSync(out('brief.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(1);
  });

  it('fails with exit 1 and a hint when no Chromium can be found for a PDF', () => {
    const result = listlens(['--store', store, 'brief', bootstrappingRoot, '--draft', briefDraft, '--out', out('none.pdf')], { PATH: '/nonexistent' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(chairsLine + 'listlens: printing a PDF needs Chromium: install it (apt-get install chromium) or set LISTLENS_CHROMIUM\n');
    expect(existsSync(out('none.pdf'))).toBe(false);
  });

  it('exits 2 without --draft or with an --out it cannot write, and 3 for a ref that names nothing', () => {
    expect(run('brief', bootstrappingRoot).stderr).toBe('listlens: brief needs --draft <name[-rev]|path|url>\n');
    expect(run('brief', bootstrappingRoot).status).toBe(2);
    const text = run('brief', bootstrappingRoot, '--draft', briefDraft, '--out', out('brief.txt'));
    expect(text.status).toBe(2);
    expect(text.stderr).toBe(`listlens: --out ${out('brief.txt')}: the file name must end in .html, .md or .pdf\n`);
    const missing = run('brief', '<nobody@example.org>', '--draft', briefDraft);
    expect(missing.status).toBe(3);
  });
});

describe('listlens brief on a thread with hostile text', () => {
  const hostileRoot = 'hostile-root.1614592800@example.com';

  it('shows every word of the mail as text in HTML, and links only to the archive', () => {
    expect(run('brief', hostileRoot, '--draft', briefDraft, '--out', out('hostile.html')).status).toBe(0);
    const html = readFileSync(out('hostile.html'), 'utf8');
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<a href="(?!https:\/\/mailarchive\.ietf\.org\/)/);
    expect(html).toContain('<h1>Briefing: &lt;script&gt;alert(1)&lt;/script&gt; Onboarding survey</h1>');
    expect(html).toContain('Is the &lt;b&gt;onboarding&lt;/b&gt; survey ready for adoption?');
    expect(html).toContain('<td>Eve &lt;img src=x onerror=alert(3)&gt;</td>');
    expect(html).toContain('<td>Mallory](javascript:alert(1))</td>');
  });

  it('escapes Markdown so a name or a link in the mail cannot become a link', () => {
    expect(run('brief', hostileRoot, '--draft', briefDraft, '--out', out('hostile.md')).status).toBe(0);
    const markdown = readFileSync(out('hostile.md'), 'utf8');
    expect(markdown).not.toMatch(/\]\((?!https:\/\/mailarchive\.ietf\.org\/|hostile-charts\/)/);
    // An escaped `\<` is a literal `<` in Markdown; no unescaped one may open a tag.
    expect(markdown).not.toMatch(/(?<!\\)<(script|img|b|i|a)[ >]/);
    expect(markdown).toContain('\\<a href="https://evil.example/"\\>here\\</a\\>');
    expect(markdown.split('\n')[0]).toBe('# Briefing: \\<script\\>alert\\(1\\)\\</script\\> Onboarding survey');
    expect(markdown).toContain('| Mallory\\]\\(javascript:alert\\(1\\)\\) | none stated |');
    expect(markdown).toContain('\\[the draft\\]\\(javascript:alert\\(2\\)\\)');
  });
});
