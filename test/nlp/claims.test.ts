import { describe, expect, it } from 'vitest';
import { findAttachmentClaims, findClaims, loadTaxonomy, messageClaims } from '../../src/nlp/index.js';

const taxonomy = loadTaxonomy();
const kinds = (text: string, sections?: Map<string, string[]>) =>
  Object.fromEntries(findClaims(taxonomy, text, 'm@example.org', { sectionTechnologies: sections }).map((c) => [c.technologyId, c.kind]));

describe('findClaims', () => {
  it('reads a drop list as one request for each name in it', () => {
    expect(kinds('Compare them properly, and drop the historical ones such as PANA and Kerberos.')).toEqual({ pana: 'drop', kerberos: 'drop' });
  });

  it('reads outdated coverage as update, not as covered', () => {
    expect(kinds('The LwM2M section still describes the 1.0 bootstrap interface.')).toEqual({ lwm2m: 'update' });
    expect(kinds('The DPP section reads like the first release.')).toEqual({ dpp: 'update' });
  });

  it('finds bare names asked for, and not ordinary words', () => {
    expect(kinds('Thread is missing from the survey.')).toEqual({ thread: 'add' });
    expect(kinds('Please cover Thread.')).toEqual({ thread: 'add' });
    expect(kinds('Add Matter.')).toEqual({ matter: 'add' });
    expect(kinds('Matter (formerly CHIP) is missing.')).toEqual({ matter: 'add' });
    expect(kinds('We need to SUIT up. No matter what, reading the thread helps; the chip is fine (est. 2019).')).toEqual({});
  });

  it('turns a negated request into keep, and keeps a contrast apart', () => {
    expect(kinds("I don't think EST needs more text.")).toEqual({ est: 'keep' });
    expect(kinds('BRSKI gets a fair description, but the constrained version, draft-ietf-anima-constrained-voucher-09, is a single sentence.')).toEqual({
      brski: 'keep',
      cbrski: 'update',
    });
    expect(kinds('I disagree with dropping PANA: our meters run it, and the survey should keep it.')).toEqual({ pana: 'keep' });
  });

  it('reads "not only X but also Y" as one request for both', () => {
    expect(kinds('The survey should describe not only BRSKI but also SZTP.')).toEqual({ brski: 'add', sztp: 'add' });
  });

  it('carries a request across two sentences', () => {
    expect(kinds('One more gap: Matter. It is what every new product ships.')).toEqual({ matter: 'add' });
    expect(kinds('The survey should also show where the key exchange fits. EDHOC gives a device an OSCORE context.')).toEqual({ edhoc: 'add', oscore: 'add' });
    expect(kinds('Several of us run MUD today. That pairing is the most useful thing the survey could explain.')).toEqual({ mud: 'add' });
    // No request in either sentence: both stay mentions.
    expect(kinds('We run MUD today. It works well.')).toEqual({ mud: 'mention' });
  });

  it('asks a question only of a sentence that is one', () => {
    expect(kinds('Does DPP apply to devices without a camera?')).toEqual({ dpp: 'question' });
    expect(kinds('The next question is how DICE identities are checked.')).toEqual({ dice: 'mention' });
  });

  it('resolves a section reference to the technologies the judged draft discusses there', () => {
    const sections = new Map([['3.5', ['bluetooth-mesh']]]);
    expect(kinds('Section 3.5 is outdated.', sections)).toEqual({ 'bluetooth-mesh': 'update' });
    expect(kinds('§3.5 is outdated.', sections)).toEqual({ 'bluetooth-mesh': 'update' });
    expect(kinds('Section 9.9 is outdated.', sections)).toEqual({});
  });

  it('keeps the evidence sentence and the offsets of the name', () => {
    const text = 'Hello.\n\nThread is missing from the survey.';
    const [claim] = findClaims(taxonomy, text, 'm@example.org');
    expect(claim).toMatchObject({ sentence: 'Thread is missing from the survey.', matched: 'Thread', source: 'body' });
    expect(text.slice(claim!.start, claim!.end)).toBe('Thread');
  });
});

describe('attachments', () => {
  const csv = 'mechanism,survey section,status,note\nSZTP,4.3,thin,one paragraph\nBRSKI,4.1,ok,\nCHIP,-,missing,\nPANA,5.1,drop,historical\nFoo,1,missing,\n';

  it('maps a CSV status column to kinds, naming the file', () => {
    const claims = findAttachmentClaims(taxonomy, csv, 'm@example.org', 'bootstrap-gaps.csv');
    expect(Object.fromEntries(claims.map((c) => [c.technologyId, c.kind]))).toEqual({ sztp: 'update', brski: 'keep', matter: 'add', pana: 'drop' });
    expect(claims.every((c) => c.source === 'bootstrap-gaps.csv')).toBe(true);
    expect(claims.find((c) => c.technologyId === 'matter')!.sentence).toBe('CHIP,-,missing,');
  });

  it('reads a text attachment as prose, and lets the strongest claim of a message win', () => {
    const claims = messageClaims(
      taxonomy,
      { ownText: 'We run PANA in some meters.', attachments: [{ filename: 'notes.md', text: 'PANA is historical; please drop it.' }, { filename: 'logo.png' }] },
      'm@example.org',
    );
    expect(claims).toEqual([expect.objectContaining({ technologyId: 'pana', kind: 'drop', source: 'notes.md' })]);
  });
});
