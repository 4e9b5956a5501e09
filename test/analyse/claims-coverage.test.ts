import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseThread, findChairs } from '../../src/analyse/index.js';
import { ListlensError } from '../../src/core/index.js';
import { parseDraft } from '../../src/draft/index.js';
import { importPaths } from '../../src/ingest/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { coverageAnswer, coverageHtml, coverageMarkdown } from '../../src/render/index.js';
import { openStore } from '../../src/store/index.js';
import { fixturePath } from '../helpers/corpus.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const draftFile = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
const draft = parseDraft(readFileSync(draftFile, 'utf8'), { fileName: path.basename(draftFile) });
const taxonomy = loadTaxonomy();
const subject = 'Onboarding survey';

/** A thread of plain messages: the first opens it, the others reply to it. */
async function threadOf(name: string, messages: { from: string; body: string }[]) {
  const mbox = messages
    .map((m, i) => {
      const [who, address] = m.from.split('|') as [string, string];
      const id = `${name}-${i}@example.org`;
      const reply = i ? `In-Reply-To: <${name}-0@example.org>\nReferences: <${name}-0@example.org>\n` : '';
      return `From ${address}  Mon Mar  3 10:0${i}:00 2025\nFrom: ${who} <${address}>\nSubject: ${i ? 'Re: ' : ''}${subject}\nDate: Mon, 03 Mar 2025 10:0${i}:00 +0000\nMessage-ID: <${id}>\n${reply}\n${m.body}\n`;
    })
    .join('\n');
  const file = path.join(dir, `${name}.mbox`);
  writeFileSync(file, mbox);
  const store = openStore(path.join(dir, `${name}.sqlite`));
  await importPaths(store, [file]);
  await store.rethread();
  return { store, root: `${name}-0@example.org` };
}

const opener = { from: 'Anna Berg|anna@example.org', body: 'Does draft-example-t2trg-iot-bootstrapping cover what you need?\n\nAnna & Carl\n(WG chairs)' };

describe('the answer of an empty or small thread says one true thing', () => {
  const cases: [string, { from: string; body: string }[], string][] = [
    ['no-replies', [opener], 'No one has replied to this thread yet, so it says nothing about draft-example-t2trg-iot-bootstrapping.'],
    [
      'elsewhere',
      [{ from: 'Anna Berg|anna@example.org', body: 'Lunch on Friday?' }, { from: 'Bea Lund|bea@example.net', body: 'Yes, and I will bring the PANA notes.' }],
      'This thread does not discuss draft-example-t2trg-iot-bootstrapping.',
    ],
    ['nothing', [opener, { from: 'Bea Lund|bea@example.net', body: 'Looks good to me.' }], 'Respondents raised no technology, so there is nothing to add to, update in or drop from draft-example-t2trg-iot-bootstrapping.'],
    [
      'covered',
      [opener, { from: 'Bea Lund|bea@example.net', body: 'The EST section is fine as it is.' }],
      'Every technology respondents raised is covered by draft-example-t2trg-iot-bootstrapping or only mentioned in passing; nobody asked for a change.',
    ],
  ];
  for (const [name, messages, sentence] of cases) {
    it(name, async () => {
      const { store, root } = await threadOf(name, messages);
      try {
        const coverage = await analyseThread(store, root, [draft], taxonomy);
        expect(coverageAnswer(coverage)).toBe(sentence);
        for (const text of [coverageMarkdown(coverage), coverageHtml(coverage)]) {
          expect(text.split(sentence).length - 1).toBe(1);
          expect(text).not.toMatch(/Every technology raised is covered|None of the technologies raised is covered/);
        }
      } finally {
        await store.close();
      }
    });
  }
});

describe('chairs', () => {
  it("takes the opener's co-signer as chair, never as a respondent, and gives no candidate from the chairs' words alone", async () => {
    const { store, root } = await threadOf('chairs', [
      opener,
      { from: 'Carl Dahl|carl@example.org', body: 'A reminder: FooBarProtocol and WidgetNet should be on your mind.' },
      { from: 'Bea Lund|bea@example.net', body: 'Thread is missing from the survey.' },
    ]);
    try {
      const coverage = await analyseThread(store, root, [draft], taxonomy);
      expect(coverage.chairs.map((c) => [c.name, c.address])).toEqual([['Anna Berg', 'anna@example.org'], ['Carl Dahl', 'carl@example.org']]);
      expect(coverage.chairs[1]!.why).toContain('signed the opening message');
      expect(coverage.thread.respondents).toEqual(['Bea Lund']);
      expect(coverage.candidates.map((c) => c.term)).toEqual([]);
      // Asked for, and §3.6 of the draft covers it already.
      expect(coverage.technologies.map((t) => [t.technology.id, t.verdict])).toEqual([['thread', 'covered']]);
      expect(coverage.technologies[0]!.claims[0]).toMatchObject({ kind: 'add', respondent: { name: 'Bea Lund', address: 'bea@example.net' }, source: 'body' });
      const messages = await store.threadMessages(root);
      expect(() => findChairs(messages, { named: ['Nobody Here'] })).toThrow(ListlensError);
      expect(() => findChairs(messages, { named: ['Nobody Here'] })).toThrow(/Bea Lund <bea@example\.net>/);
      expect(findChairs(messages, { named: ['bea@example.net'] }).map((c) => c.address)).toContain('bea@example.net');
    } finally {
      await store.close();
    }
  });

  it('takes someone who writes "as chair" as a chair, and no one from a plain reply', async () => {
    const { store, root } = await threadOf('as-chair', [
      { from: 'Ola Nord|ola@example.org', body: 'Comments on the draft please.\n\nOla' },
      { from: 'Per Sand|per@example.org', body: 'Speaking as chair: please keep it short.' },
      { from: 'Bea Lund|bea@example.net', body: 'Please send it to the chairs.' },
    ]);
    try {
      const chairs = findChairs(await store.threadMessages(root));
      expect(chairs.map((c) => c.address)).toEqual(['per@example.org']);
    } finally {
      await store.close();
    }
  });
});
