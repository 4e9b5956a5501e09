import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateReplySuite, naiveReply, tokenCounts, type ReplySuiteEvaluation } from '../../src/eval/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';

describe('token counts and the naive baseline', () => {
  it('matches words one for one, whatever the whitespace', () => {
    expect(tokenCounts('a  b\nb c', 'a b d')).toEqual({ matched: 2, produced: 4, expected: 3 });
    expect(tokenCounts('', 'a')).toEqual({ matched: 0, produced: 0, expected: 1 });
  });

  it('counts words, not punctuation, with an address as one word', () => {
    expect(tokenCounts('Bob <bob@example.com>', 'Bob < bob@example.com >')).toEqual({ matched: 2, produced: 2, expected: 2 });
    expect(tokenCounts('Yes, -- fine.', 'Yes fine')).toEqual({ matched: 2, produced: 2, expected: 2 });
    expect(tokenCounts('naïve café 2021', 'naïve café 2021')).toEqual({ matched: 3, produced: 3, expected: 3 });
  });

  it('keeps what is above the first quoted or "On … wrote:" line', () => {
    expect(naiveReply({ text: 'Yes.\n\nOn Mon, 1 Mar 2021, Jane wrote:\nold\n' })).toBe('Yes.\n');
    expect(naiveReply({ text: 'Yes.\n> old\nmore\n' })).toBe('Yes.');
    expect(naiveReply({ text: 'Only own words\n' })).toBe('Only own words\n');
  });
});

describe('how a suite compares its cases', () => {
  /** A suite of two HTML cases with the same reply and expectation, one compared as the suite marks it. */
  async function evaluateTwoWays(): Promise<ReplySuiteEvaluation> {
    const dir = mkdtempSync(path.join(tmpdir(), 'listlens-suite-'));
    try {
      mkdirSync(path.join(dir, 'input'));
      mkdirSync(path.join(dir, 'expected'));
      writeFileSync(path.join(dir, 'input', 'fwd.html'), '<div>Please see below.<br>From: Ana Ruiz &lt;ana@example.org&gt;</div>');
      writeFileSync(path.join(dir, 'expected', 'fwd.txt'), 'Please see below.\nFrom: Ana Ruiz < ana@example.org >');
      const base = { group: 'html', input: 'input/fwd.html', format: 'html', expected: 'expected/fwd.txt' };
      const cases = [{ ...base, id: 'spaced' }, { ...base, id: 'whitespace-free', compare: 'whitespace-free' }];
      const policy = { groups: { html: { signature: 'kept', forwarded: 'kept' } } };
      writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({ suite: 'written-here', policy, cases }));
      return await evaluateReplySuite(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('ignores all whitespace only where the suite says it compares that way', async () => {
    const evaluation = await evaluateTwoWays();
    const strict = Object.fromEntries(evaluation.cases.map((c) => [c.id, c.listlens.strict]));
    expect(strict).toEqual({ spaced: false, 'whitespace-free': true });
  });
});

/**
 * The floor under listlens's figures on the talon suite (mailgun/talon's own test cases): what the code
 * reaches, less a small margin, so that a change that loses ground fails here.
 */
const FLOOR = {
  'talon-plain': { strict: 0.97, precision: 0.98, recall: 0.98 },
  'talon-html': { strict: 0.84, precision: 0.95, recall: 0.9 },
  'talon-signature': { strict: 0.92, precision: 0.97, recall: 0.98 },
  overall: { strict: 0.93, precision: 0.97, recall: 0.98 },
};

describe.skipIf(!hasCorpus)('own text on the talon reply-parser suite', () => {
  let evaluation: ReplySuiteEvaluation;
  beforeAll(async () => {
    evaluation = await evaluateReplySuite(corpusPath('reply-suites/talon'));
  });

  it('runs every case with an expected text, in its group', () => {
    expect(evaluation.cases.length).toBeGreaterThanOrEqual(100);
    expect(evaluation.groups.map((g) => g.group).sort()).toEqual(['talon-html', 'talon-plain', 'talon-signature']);
    expect(evaluation.overall.listlens.cases).toBe(evaluation.cases.length);
  });

  it.each(Object.entries(FLOOR))('%s stays at or above its floor', (group, floor) => {
    const scored = group === 'overall' ? evaluation.overall : evaluation.groups.find((g) => g.group === group);
    expect(scored?.listlens.strict).toBeGreaterThanOrEqual(floor.strict);
    expect(scored?.listlens.precision).toBeGreaterThanOrEqual(floor.precision);
    expect(scored?.listlens.recall).toBeGreaterThanOrEqual(floor.recall);
  });

  it('beats the naive baseline on strict matches and token precision overall', () => {
    expect(evaluation.overall.listlens.strict).toBeGreaterThan(evaluation.overall.baseline.strict);
    expect(evaluation.overall.listlens.precision).toBeGreaterThan(evaluation.overall.baseline.precision);
  });
});
