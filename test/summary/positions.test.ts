import { describe, expect, it } from 'vitest';
import { positionOf } from '../../src/analyse/summary-positions.js';

describe('positionOf: explicit cues in own text', () => {
  it.each([
    ['+1', 'support', '+1'],
    ['+1 to adopting this in T2TRG.', 'support', '+1'],
    ['I support adoption.', 'support', 'I support adoption'],
    ['Support adoption.', 'support', 'Support adoption'],
    ['I strongly support this work.', 'support', 'I strongly support'],
    ['We are in favour of adopting it.', 'support', 'We are in favour of adopting'],
    ['-1', 'oppose', '-1'],
    ['I object to adoption at this point.', 'oppose', 'I object to adoption'],
    ['I oppose adoption.', 'oppose', 'I oppose adoption'],
    ['My view is that it is not ready yet.', 'oppose', 'not ready'],
    ["It isn't ready for the group.", 'oppose', "n't ready"],
    ['The security section needs more work.', 'changes', 'needs more work'],
    ['More work is needed on the LwM2M part.', 'changes', 'More work is needed'],
    ['I would like to see this sketched before the group adopts the document.', 'changes', 'before the group adopts'],
  ])('%s → %s', (text, stance, cue) => {
    expect(positionOf(text)).toEqual({ stance, certain: true, cue });
  });

  it('reads negation: "I don\'t support" opposes, "not opposed" supports', () => {
    expect(positionOf("I don't support adoption of this draft.")).toMatchObject({ stance: 'oppose', certain: true });
    expect(positionOf('I do not support it in its current form.')).toMatchObject({ stance: 'oppose' });
    expect(positionOf('I am not opposed to adopting it.')).toMatchObject({ stance: 'support' });
    expect(positionOf("I don't think it is ready for adoption.")).toMatchObject({ stance: 'oppose' });
    expect(positionOf("It doesn't need more work, in my view.")).toBeNull();
  });

  it('marks a hedged cue as not certain', () => {
    expect(positionOf('+1, but the LwM2M section needs an update.')).toEqual({ stance: 'support', certain: false, cue: '+1' });
    expect(positionOf("I'd support it if the authors add a section on FDO.")).toMatchObject({ stance: 'support', certain: false });
    expect(positionOf('I would support adoption provided the scope is narrowed.')).toMatchObject({ stance: 'support', certain: false });
  });

  it('lets a yes or a no win over asking for changes, and marks yes-and-no as mixed', () => {
    expect(positionOf('I support adoption. Section 4 needs more work.')).toEqual({
      stance: 'support',
      certain: true,
      cue: 'I support adoption',
    });
    expect(positionOf('It is not ready; the SZTP part needs more work.')).toMatchObject({ stance: 'oppose', certain: true });
    expect(positionOf('I support adoption.\n\nHaving read it again: -1, sorry.')).toEqual({ stance: 'oppose', certain: false, cue: '-1' });
  });

  it('finds no position where there is no cue', () => {
    for (const text of [
      'I read -11 on the plane; comments inline.',
      'A device can support both.',
      'I asked for more work on one section myself, but that is a different point.',
      'Use +10 dB for the margin.',
      'draft-ietf-lake-edhoc-01 is the version I mean.',
      'On adoption, most replies were in favour, and some asked for work on specific sections first.',
      '',
    ]) {
      expect(positionOf(text), text).toBeNull();
    }
  });
});
