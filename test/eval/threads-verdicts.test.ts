import { describe, expect, it } from 'vitest';
import { evaluateThreads, evaluateVerdicts } from '../../src/eval/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { fixturePath, hasCorpus, repoRoot } from '../helpers/corpus.js';

describe('thread membership against the hand labels', () => {
  it('puts every labelled message, and nothing else, in its thread', async () => {
    const threads = await evaluateThreads(fixturePath('archive'), fixturePath('archive/labels.json'));
    expect(threads.map((t) => [t.thread, t.expected])).toEqual([
      ['bootstrapping', 26],
      ['ietf110-agenda', 4],
      ['senml-units', 4],
    ]);
    for (const thread of threads) {
      expect(thread.precision, thread.thread).toBeGreaterThanOrEqual(0.95);
      expect(thread.recall, thread.thread).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe('covered / not-covered verdicts against the hand labels', () => {
  const verdicts = evaluateVerdicts(loadTaxonomy(), fixturePath('eval/verdicts.json'), repoRoot);

  it('judges the bundled draft in both formats at or above the bar, and better than the baseline', () => {
    const bundled = verdicts.filter((v) => v.file.startsWith('fixtures/'));
    expect(bundled.map((v) => v.file)).toEqual([
      'fixtures/drafts/draft-example-t2trg-iot-bootstrapping-05.xml',
      'fixtures/drafts/draft-example-t2trg-iot-bootstrapping-05.txt',
    ]);
    for (const v of bundled) {
      expect(v.coverage.precision, v.file).toBeGreaterThanOrEqual(0.95);
      expect(v.coverage.recall, v.file).toBeGreaterThanOrEqual(0.95);
      expect(v.baseline.precision, v.file).toBeLessThan(v.coverage.precision);
    }
  });

  it.skipIf(!hasCorpus)('judges the real draft -11 (xml and text) at or above the bar', () => {
    const real = verdicts.filter((v) => v.file.includes('sbootstrapping-11'));
    expect(real).toHaveLength(2);
    for (const v of real) {
      expect(v.coverage.precision, v.file).toBeGreaterThanOrEqual(0.95);
      expect(v.coverage.recall, v.file).toBeGreaterThanOrEqual(0.95);
    }
  });
});
