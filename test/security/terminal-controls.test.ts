import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { scratchDir } from '../perf/helpers.js';

/**
 * What mail can hide for a terminal: a colour (CSI), an OSC 8 hyperlink whose text lies about its
 * target, an OSC 0 window title, a bell, backspaces and a carriage return that overwrite what was
 * shown, a C1 CSI (U+009B) and a right-to-left override that reverses what follows.
 */
const hostile = {
  csi: '\u001b[31mRED\u001b[0m',
  hyperlink: '\u001b]8;;https://evil.example/\u001b\\click here\u001b]8;;\u001b\\',
  title: '\u001b]0;pwned\u0007',
  bell: 'ding\u0007',
  backspace: 'safe\b\b\b\bevil',
  carriageReturn: 'innocent\rEVIL',
  c1: '\u009b31mC1',
  bidi: 'txt.\u202Eexe',
};
const payload = Object.values(hostile).join(' ');

/** Anything that acts on a terminal instead of being shown; a newline and a tab are layout. */
const active = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

function message(id: string, extra: string, subject: string, body: string): string {
  return (
    `From nobody Mon Mar  1 10:00:00 2021\nFrom: ${encoded(`Mallory ${payload}`)} <mallory@example.com>\nTo: iotops@ietf.org\n` +
    `List-Id: <iotops.ietf.org>\nSubject: ${encoded(subject)}\nDate: Mon, 1 Mar 2021 10:00:00 +0000\nMessage-ID: <${id}>\n${extra}` +
    `MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n` +
    `${Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\n')}\n\n`
  );
}

const dir = scratchDir('terminal-controls');
const store = path.join(dir, 'archive.sqlite');
const draft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
const run = (...args: string[]) => listlens(['--store', store, ...args]);

beforeAll(() => {
  const archive = path.join(dir, 'hostile.mbox');
  writeFileSync(
    archive,
    message('controls-root@example.com', '', `Controls ${payload}`, `Is BRSKI enough? ${payload}\nSecond line ${payload}\n`) +
      message(
        'controls-reply@example.com',
        'In-Reply-To: <controls-root@example.com>\n',
        `Re: Controls ${payload}`,
        `I support BRSKI and EST-coaps. ${payload}\n\n> Is BRSKI enough? ${payload}\n`,
      ),
  );
  const imported = run('import', archive);
  expect(imported.status, imported.stderr).toBe(0);
});

describe('control sequences from mail never reach the terminal', () => {
  it.each([
    ['threads'],
    ['show', '<controls-root@example.com>'],
    ['show', '<controls-reply@example.com>'],
    ['search', 'BRSKI'],
    ['search', 'BRSKI', '--sort', 'date'],
    ['thread', 'controls-root@example.com'],
    ['thread', 'controls-root@example.com', '--format', 'md'],
    ['coverage', 'controls-root@example.com', '--draft', draft],
    ['coverage', 'controls-root@example.com', '--draft', draft, '--format', 'html'],
    ['brief', 'controls-root@example.com', '--draft', draft],
  ].map((args) => [args.join(' ').replace(draft, 'DRAFT'), args] as const))('listlens %s shows the text without them', (_name, args) => {
    const result = run(...args);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Controls');
    expect(result.stdout).not.toMatch(active);
    expect(result.stderr).not.toMatch(active);
  });

  it('shows what was there: the escape sequences lose their ESC and stay readable', () => {
    const shown = run('show', '<controls-root@example.com>').stdout;
    expect(shown).toContain('[31mRED');
    expect(shown).toContain(']8;;https://evil.example/');
    expect(shown).toContain('innocent EVIL');
    expect(shown).toContain('Second line');
  });

  it.each([
    ['threads', '--json'],
    ['show', '<controls-root@example.com>', '--json'],
    ['search', 'BRSKI', '--json'],
    ['thread', 'controls-root@example.com', '--format', 'json'],
    ['coverage', 'controls-root@example.com', '--draft', draft, '--format', 'json'],
  ].map((args) => [args.join(' ').replace(draft, 'DRAFT'), args] as const))('listlens %s keeps the data, JSON-escaped', (_name, args) => {
    const result = run(...args);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(active);
    const data = JSON.stringify(JSON.parse(result.stdout));
    for (const kept of [hostile.csi, hostile.hyperlink, hostile.c1, hostile.bidi]) expect(data).toContain(JSON.stringify(kept).slice(1, -1));
  });
});
