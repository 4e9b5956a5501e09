import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { collect, messagesOf, problemsOf } from './collect.js';

describe.skipIf(!hasCorpus)('real IETF mail from the shared corpus', () => {
  it('splits the ANCP March 2010 monthly archive into its 36 messages', async () => {
    const items = await collect(corpusPath('mail/ancp-2010-03.mail'));
    expect(problemsOf(items)).toEqual([]);
    expect(items).toHaveLength(36);
    const first = messagesOf(items)[0];
    expect(first?.origin.offset).toBe(51);
    expect(first?.origin.envelope?.sender).toBe('flefauch@cisco.com');
    expect(first?.origin.envelope?.date?.toISOString()).toBe('2010-03-01T06:46:11.000Z');
    expect(messagesOf(items).every((message) => message.bytes.toString('latin1').startsWith('Return-Path: <'))).toBe(true);
    expect(messagesOf(items).at(-1)?.origin.envelope?.date?.toISOString()).toBe('2010-03-30T19:40:27.000Z');
  });

  it('reads the saved archive page as one message starting at its headers', async () => {
    const items = await collect(corpusPath('mail/000_2777a5083c1a0d8c.txt'));
    expect(items).toHaveLength(1);
    const [page] = messagesOf(items);
    expect(page?.origin.format).toBe('archive-page');
    expect(page?.bytes.subarray(0, 13).toString()).toBe('Return-Path: ');
  });

  it('reads the BPF message as one .eml', async () => {
    const items = await collect(corpusPath('mail/bpf-2023-07-10.eml'));
    expect(items.map((item) => [item.kind, item.origin.format, item.origin.offset])).toEqual([['message', 'eml', 0]]);
  });

  it('reads the ANCP August 2013 archive as its one announcement', async () => {
    const items = await collect(corpusPath('mail/ancp-2013-08.mail'));
    expect(items.map((item) => [item.kind, item.origin.format])).toEqual([['message', 'mbox']]);
    expect(items[0]?.origin.envelope?.sender).toBe('internet-drafts@ietf.org');
  });
});
