import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateExtraction, type ExtractionEvaluation } from '../../src/eval/extraction.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { fixturePath } from '../helpers/corpus.js';

const noArchiveMessage = '6d4c2b1a-8e7f-4a3b-9c5d-0e1f2a3b4c5d@example.com';

describe('extraction against the hand labels of the bundled archive', () => {
  let evaluation: ExtractionEvaluation;
  beforeAll(async () => {
    evaluation = await evaluateExtraction(loadTaxonomy(), fixturePath('archive'));
  });

  it('scores every labelled message once, except the one that asks not to be archived', () => {
    expect(evaluation.messages).toHaveLength(34);
    expect(new Set(evaluation.messages.map((m) => m.messageId)).size).toBe(34);
    expect(evaluation.messages.map((m) => m.messageId)).not.toContain(noArchiveMessage);
    expect(evaluation.vocabulary).toHaveLength(30);
  });

  it('reaches 0.95 precision and 0.95 recall overall', () => {
    expect(evaluation.extractor.precision).toBeGreaterThanOrEqual(0.95);
    expect(evaluation.extractor.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('beats the naive baseline', () => {
    const f1 = (s: { precision: number; recall: number }): number => (2 * s.precision * s.recall) / (s.precision + s.recall);
    expect(evaluation.baseline.precision).toBeLessThan(evaluation.extractor.precision);
    expect(f1(evaluation.baseline)).toBeLessThan(f1(evaluation.extractor));
  });

  it('gives per-message results, with what lies outside the labels listed apart', () => {
    const jane = evaluation.messages.find((m) => m.messageId === '8B2F4C1D-7A3E-4E96-9D05-C6A1B3E8F274@example.org')!;
    expect(jane.from).toBe('Jane Whitfield');
    expect(jane.expected).toEqual(['eap-noob']);
    expect(jane.extractor).toEqual({ found: ['eap-noob'], correct: ['eap-noob'], wrong: [], missed: [], unscored: [], precision: 1, recall: 1 });
    // "reading the thread so far": the baseline's substring search takes it for Thread.
    expect(jane.baseline.wrong).toContain('thread');

    const rahul = evaluation.messages.find((m) => m.messageId === 'CAH7Rq+3sXvT0pd=KfQ2wLm9bN4yZ8eJc1uA6oG-hVr5tDnF2xg@mail.gmail.com')!;
    expect(rahul.extractor.found).toEqual(['brski', 'cbrski', 'est']);
    expect(rahul.extractor.unscored).toEqual(['ieee-802-15-4', 'cose', 'dtls', 'tls', 'join-proxy']);
  });
});
