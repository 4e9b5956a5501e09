import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { implausiblyDated } from '../../src/analyse/plausible-dates.js';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { scratchDir } from '../perf/helpers.js';

const draft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
const dir = scratchDir('implausible-dates');
const store = path.join(dir, 'archive.sqlite');
const run = (...args: string[]) => listlens(['--store', store, ...args]);

function message(id: string, date: string, replyTo: string | null, body: string): string {
  return (
    `From nobody Mon Feb  1 10:00:00 2021\nFrom: Writer <${id.split('@')[0]}@example.org>\nTo: iotops@ietf.org\nList-Id: <iotops.ietf.org>\n` +
    `Subject: ${replyTo ? 'Re: ' : ''}Clock trouble ${id.split('-')[0]}\nDate: ${date}\nMessage-ID: <${id}>\n` +
    `${replyTo ? `In-Reply-To: <${replyTo}>\n` : ''}\n${body}\n\n`
  );
}

/** A thread of February 2021 with one reply whose sender's clock said `year`. */
function thread(name: string, year: string): string {
  const root = `${name}-root@example.org`;
  return [
    message(root, 'Mon, 1 Feb 2021 10:00:00 +0000', null, 'Should the survey cover BRSKI and EST-coaps?'),
    message(`${name}-a@example.org`, 'Tue, 2 Feb 2021 09:00:00 +0000', root, 'Yes, BRSKI must be in it.'),
    message(`${name}-b@example.org`, 'Wed, 3 Feb 2021 09:00:00 +0000', root, 'I support adding EST-coaps.'),
    message(`${name}-far@example.org`, `Fri, 1 Jan ${year} 09:00:00 +0000`, root, 'Agree, and DPP too.'),
  ].join('');
}

beforeAll(() => {
  const archive = path.join(dir, 'clocks.mbox');
  writeFileSync(archive, thread('y2500', '2500') + thread('y9999', '9999'));
  const imported = run('import', archive);
  expect(imported.status, imported.stderr).toBe(0);
});

describe('a reply dated centuries ahead', () => {
  it.each(['y2500', 'y9999'])('%s: brief renders, flags the date and keeps it off the timeline', (name) => {
    for (const out of ['brief.md', 'brief.html']) {
      const file = path.join(dir, `${name}-${out}`);
      const result = run('brief', `${name}-root@example.org`, '--draft', draft, '--out', file);
      expect(result.status, result.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('1 February 2021 to 3 February 2021');
      expect(text).toMatch(/1 message with an implausible date/);
      expect(text).toContain(name === 'y2500' ? '2500-01-01' : '9999-01-01');
    }
  });

  it('the thread summary spans the plausible dates only', () => {
    const summary = JSON.parse(run('thread', 'y2500-root@example.org', '--format', 'json').stdout) as { thread: { firstDate: string; lastDate: string } };
    expect(summary.thread.firstDate.slice(0, 10)).toBe('2021-02-01');
    expect(summary.thread.lastDate.slice(0, 10)).toBe('2021-02-03');
  });
});

describe('which dates are implausible', () => {
  const at = (id: string, iso: string | null) => ({ messageId: id, date: iso ? new Date(iso) : null });
  const now = new Date('2026-12-06T00:00:00Z');

  it('trusts a long thread whose replies follow each other within a year', () => {
    const monthly = Array.from({ length: 30 }, (_, i) => at(`m${i}`, new Date(Date.UTC(2021, i, 5)).toISOString()));
    expect([...implausiblyDated(monthly, now)]).toEqual([]);
  });

  it('flags the future, a stray far from the rest, and a reply well before the opening', () => {
    const thread = [
      at('root', '2021-02-01T10:00:00Z'),
      at('a', '2021-02-02T10:00:00Z'),
      at('early', '2020-12-01T10:00:00Z'),
      at('b', '2021-02-03T10:00:00Z'),
      at('epoch', '1970-01-01T00:00:00Z'),
      at('future', '2027-01-01T00:00:00Z'),
      at('undated', null),
    ];
    expect([...implausiblyDated(thread, now)].sort()).toEqual(['early', 'epoch', 'future']);
  });

  it('flags an opening dated 1970 and keeps its replies', () => {
    const thread = [at('root', '1970-01-01T00:00:00Z'), at('a', '2021-02-02T10:00:00Z'), at('b', '2021-02-03T10:00:00Z')];
    expect([...implausiblyDated(thread, now)]).toEqual(['root']);
  });
});
