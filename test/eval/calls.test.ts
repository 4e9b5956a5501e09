import { describe, expect, it } from 'vitest';
import { evaluateCalls, evaluateHeldOut } from '../../src/eval/index.js';
import { fixturePath } from '../helpers/corpus.js';

describe('positions on calls against the hand labels', () => {
  it('keeps overall precision and recall at or above 0.90 on the labelled calls, and finds each call, its kind and deadline', async () => {
    const calls = await evaluateCalls(fixturePath('calls'), fixturePath('calls/labels.json'));
    expect(calls.messages).toBe(51);
    expect(calls.listlens.precision, JSON.stringify(calls.listlens.wrong)).toBeGreaterThanOrEqual(0.9);
    expect(calls.listlens.recall, JSON.stringify(calls.listlens.wrong)).toBeGreaterThanOrEqual(0.9);
    expect(calls.listlens.recall).toBeGreaterThan(calls.baseline.recall);
    expect(calls.calls.filter((c) => c.kind[0] === c.kind[1])).toHaveLength(calls.calls.length);
    expect(calls.calls.filter((c) => c.deadline[0] === c.deadline[1])).toHaveLength(calls.calls.length);
  });

  it("keeps them at or above 0.90 on the demo thread's labels too", async () => {
    const archive = await evaluateCalls(fixturePath('archive'), fixturePath('archive/labels.json'));
    expect(archive.listlens.precision).toBeGreaterThanOrEqual(0.9);
    expect(archive.listlens.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('does better than the keyword baseline on replies it was not tuned on, and claims nothing wrongly there', () => {
    const heldOut = evaluateHeldOut(fixturePath('calls/held-out.json'));
    expect(heldOut.listlens.recall).toBeGreaterThan(heldOut.baseline.recall);
    expect(heldOut.listlens.precision).toBeGreaterThanOrEqual(0.9);
  });
});
