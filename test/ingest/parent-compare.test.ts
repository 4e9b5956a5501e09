import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/ingest/import.js';
import { mayRepeatParent, parseMessage, reviseAgainstParent, segmentPlainText, type ParentText } from '../../src/mail/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { fixturePath } from '../helpers/corpus.js';

/**
 * fixtures/mail/parent-compare: Jane's questions (parent.eml) and two replies whose own words the
 * layout alone cannot tell from the quote: an Outlook reply that answers inside the unprefixed quote
 * under its header block, without tags (outlook-inline.eml), and a mobile reply that puts the
 * attribution and the unprefixed quote first and answers under it (top-attribution.eml), and an
 * Outlook HTML reply that answers in colour inside the quote under its header block (outlook-html-inline.eml).
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-parent-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string): string => fixturePath(`mail/parent-compare/${name}.eml`);
const outlookAnswers = [
  'Keep it here; section 5 already relies on EST over CoAP and two implementations exist.',
  'Yes, but only as a pointer to the ANIMA documents.',
];
const janeQuestion = 'Should the survey cover EST over CoAP, or leave it to the ACE working group?';

async function storeWith(name: string, files: string[]): Promise<Store> {
  const store = await openStore(path.join(dir, `${name}.db`));
  for (const file of files) await importPaths(store, [fixture(file)]);
  return store;
}

async function ownText(store: Store, messageId: string): Promise<string> {
  const message = await store.message(messageId);
  if (!message) throw new Error(`${messageId} not stored`);
  return message.ownText;
}

describe('quoted text without ">" decided against the stored parent', () => {
  it('keeps the answers written into an Outlook quote, and the quoted questions out, when the parent is stored first', async () => {
    const store = await storeWith('parent-first', ['parent', 'outlook-inline']);
    const own = await ownText(store, 'HE1PR07MB4420A1B2C3@HE1PR07MB4420.eurprd07.prod.example.com');
    expect(own).toContain('Answers below, Jane.');
    for (const answer of outlookAnswers) expect(own).toContain(answer);
    expect(own).not.toContain(janeQuestion);
    expect(own).not.toContain('Two questions before the interim');
    await store.close();
  });

  it('keeps the answers an Outlook HTML reply writes into the quote (coloured, no tags)', async () => {
    const store = await storeWith('html', ['parent', 'outlook-html-inline']);
    const own = await ownText(store, 'HE1PR0902MB1739C0FFEE12@HE1PR0902MB1739.eurprd09.prod.example.com');
    expect(own).toContain('Keep it; section 5 already relies on EST over CoAP.');
    expect(own).toContain('Only as a pointer to the ANIMA documents.');
    expect(own).not.toContain(janeQuestion);
    await store.close();
  });

  it('quotes the parent\'s words under an attribution at the top, and keeps the answer under them', async () => {
    const store = await storeWith('top', ['parent', 'top-attribution']);
    const own = await ownText(store, 'CAJ8nQ2x4Tm9Lw@mail.example.org');
    expect(own).toBe('EST over CoAP stays; BRSKI becomes a pointer to ANIMA.');
    await store.close();
  });

  it('decides a parent that comes later in the same batch (one mbox, the reply first)', async () => {
    const mbox = path.join(dir, 'reply-then-parent.mbox');
    const entry = (name: string): string => `From sender@example.com  Mon Mar  1 12:00:00 2021\n${readFileSync(fixture(name), 'utf8')}\n`;
    writeFileSync(mbox, entry('outlook-inline') + entry('parent'));
    const store = await openStore(path.join(dir, 'together.db'));
    await importPaths(store, [mbox]);
    const own = await ownText(store, 'HE1PR07MB4420A1B2C3@HE1PR07MB4420.eurprd07.prod.example.com');
    for (const answer of outlookAnswers) expect(own).toContain(answer);
    await store.close();
  });

  it('leaves a reply stored before its parent as the layout read it (it is not looked at again)', async () => {
    const store = await storeWith('reply-first', ['outlook-inline', 'parent']);
    expect(await ownText(store, 'HE1PR07MB4420A1B2C3@HE1PR07MB4420.eurprd07.prod.example.com')).toBe('Answers below, Jane.');
    await store.close();
  });
});

describe('reviseAgainstParent', () => {
  const parentOf = async (): Promise<ParentText> => {
    const { message } = await parseMessage(readFileSync(fixture('parent')));
    return { text: message.text, from: message.from };
  };
  const replyBody = (eml: string): string => readFileSync(fixture(eml), 'utf8').split('\n\n').slice(1).join('\n\n');

  it('changes nothing when the block names someone else', async () => {
    const parent = await parentOf();
    const segments = segmentPlainText(replyBody('outlook-inline'));
    expect(mayRepeatParent(segments)).toBe(true);
    const stranger = { ...parent, from: { name: 'Grace Hall', address: 'grace@example.com' } };
    expect(reviseAgainstParent({ segments, ownText: '' }, stranger)).toBeNull();
  });

  it('changes nothing when nothing under the block repeats the parent', async () => {
    const parent = await parentOf();
    const segments = segmentPlainText(replyBody('outlook-inline'));
    expect(reviseAgainstParent({ segments, ownText: '' }, { ...parent, text: 'Unrelated words about DPP and Wi-Fi onboarding only.' })).toBeNull();
  });

  it('never takes the list footer, header lines or the parent\'s sign-off for the author\'s words', async () => {
    const revised = reviseAgainstParent({ segments: segmentPlainText(replyBody('outlook-inline')), ownText: '' }, await parentOf());
    expect(revised?.ownText).not.toMatch(/mailing list|listinfo|From:|Sent:|Thanks,|Hi all/);
    expect(revised?.segments.map((segment) => segment.text).join('')).toBe(replyBody('outlook-inline'));
  });

  it('does not look for a parent when the quote is prefixed with ">"', () => {
    const segments = segmentPlainText('I agree.\n\nOn Mon, Mar 1, 2021 at 10:02 AM Jane Doe <jane.doe@example.com> wrote:\n> Should the survey cover EST over CoAP?\n');
    expect(mayRepeatParent(segments)).toBe(false);
  });
});

describe('reviseAgainstParent is careful with text the parent lacks', () => {
  const parent: ParentText = {
    text: 'Hi all,\n\nShould the survey cover EST over CoAP, or leave it to the ACE working group?\n\nDo we keep BRSKI in scope, given the cBRSKI work in ANIMA?\n\nThanks,\nJane\n',
    from: { name: 'Jane Doe', address: 'jane.doe@example.com' },
  };
  const outlookReply = (quoted: string): string =>
    `Comments below.\n\n-----Original Message-----\nFrom: Jane Doe <jane.doe@example.com>\nSent: Monday, March 1, 2021 11:02 AM\nTo: iotops@ietf.org\nSubject: [Iotops] Bootstrapping survey scope\n\n${quoted}`;
  const revisedOwnText = (body: string): string | null => reviseAgainstParent({ segments: segmentPlainText(body), ownText: '' }, parent)?.ownText ?? null;

  it('leaves text after the parent\'s last paragraph quoted (another signature, a trimmed tail)', () => {
    const body = outlookReply('Should the survey cover EST over CoAP, or leave it to the ACE working group?\n\nDo we keep BRSKI in scope, given the cBRSKI work in ANIMA?\n\nJane Doe, Example Networks, Research Division\n');
    expect(revisedOwnText(body)).toBeNull();
  });

  it('changes nothing when the quote is the parent line for line, rewrapped or not', () => {
    expect(revisedOwnText(outlookReply(parent.text))).toBeNull();
    const rewrapped = 'Hi all,\n\nShould the survey cover EST over CoAP, or leave it to the ACE\nworking group?\n\nDo we keep BRSKI in scope, given the cBRSKI work in\nANIMA?\n\nThanks,\nJane\n';
    expect(revisedOwnText(outlookReply(rewrapped))).toBeNull();
  });

  it('takes a one-word answer for quoted text (too short to tell)', () => {
    const body = outlookReply('Should the survey cover EST over CoAP, or leave it to the ACE working group?\n\nYes.\n\nDo we keep BRSKI in scope, given the cBRSKI work in ANIMA?\n\nThanks,\nJane\n');
    expect(revisedOwnText(body)).toBeNull();
  });

  it('finds an answer between the parent\'s paragraphs in a rewrapped quote', () => {
    const body = outlookReply('Should the survey cover EST over CoAP, or leave\nit to the ACE working group?\n\nKeep it here, section 5 relies on it.\n\nDo we keep BRSKI in scope, given the cBRSKI work in ANIMA?\n\nThanks,\nJane\n');
    expect(revisedOwnText(body)).toBe('Comments below.\n\nKeep it here, section 5 relies on it.');
  });
});
