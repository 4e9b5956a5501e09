import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateBareNames, evaluateChairs, evaluateClaims, type ClaimEvaluation } from '../../src/eval/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { fixturePath } from '../helpers/corpus.js';

const root = path.resolve(fixturePath('.'), '..');
const sets = [
  [fixturePath('archive'), fixturePath('archive/claims.json')],
  [fixturePath('eval/claims'), fixturePath('eval/claims/claims.json')],
] as const;

describe('claim kinds against the hand labels', () => {
  const taxonomy = loadTaxonomy();
  let evaluations: ClaimEvaluation[];
  beforeAll(async () => {
    evaluations = await Promise.all(sets.map(([dir, labels]) => evaluateClaims(taxonomy, dir, labels, root)));
  });

  const overall = (pick: (e: ClaimEvaluation) => { labelled: number; found: number; right: number }) => {
    const sum = (key: 'labelled' | 'found' | 'right') => evaluations.reduce((total, e) => total + pick(e)[key], 0);
    return { precision: sum('right') / sum('found'), recall: sum('right') / sum('labelled'), labelled: sum('labelled') };
  };

  it('scores every labelled claim of both sets', () => {
    expect(overall((e) => e.claims.overall).labelled).toBe(73);
  });

  it('reaches 0.90 precision and recall overall, far above "every mention is add"', () => {
    const ours = overall((e) => e.claims.overall);
    const naive = overall((e) => e.baseline.overall);
    expect(ours.precision).toBeGreaterThanOrEqual(0.9);
    expect(ours.recall).toBeGreaterThanOrEqual(0.9);
    expect(naive.recall).toBeLessThan(0.5);
  });

  it('gets the cases the demo is judged on', () => {
    const demo = evaluations[0]!;
    const wrongOn = (technologyId: string) => demo.claims.wrong.filter((w) => w.technologyId === technologyId);
    for (const id of ['pana', 'kerberos', 'lwm2m', 'sztp', 'thread']) expect(wrongOn(id), id).toEqual([]);
  });
});

describe('chairs and bare names', () => {
  it('finds the chairs of both labelled threads from their sign-offs, and no one else', async () => {
    for (const [dir, labels] of sets) {
      const chairs = await evaluateChairs(dir, labels);
      expect(chairs.precision, dir).toBe(1);
      expect(chairs.recall, dir).toBe(1);
    }
  });

  it('tells every bare ambiguous name from its ordinary word', () => {
    const bare = evaluateBareNames(loadTaxonomy(), fixturePath('eval/bare-names.json'));
    expect(bare.cases.filter((c) => !c.right)).toEqual([]);
    expect(bare.cases.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(8);
  });
});
