import { describe, expect, it } from 'vitest';
import { isQuestion, sentencesOf, substantiveSentences } from '../../src/nlp/index.js';

describe('substantiveSentences', () => {
  it('drops the greeting, the sign-off and the name under it', () => {
    const text = 'Hi all,\n\nThe EST section is fine.\nI have one question: is\nSZTP in scope?\n\nThanks,\nJane\n';
    expect(substantiveSentences(text)).toEqual(['The EST section is fine.', 'I have one question: is SZTP in scope?']);
  });

  it('drops a vocative opening, a title block and a mobile footer', () => {
    const text =
      'Henrik, all,\n\nZigbee install codes are missing.\n\nBest regards,\nAisha\n\nAisha Rahman\nSenior Architect, IoT Security\n\nGet Outlook for Android';
    expect(substantiveSentences(text)).toEqual(['Zigbee install codes are missing.']);
  });

  it('keeps a bare +1 and drops a thank-you sentence in the middle', () => {
    expect(substantiveSentences('+1\n\nNadia\n')).toEqual(['+1']);
    expect(substantiveSentences('Thanks both. I will use "/" for now.')).toEqual(['I will use "/" for now.']);
  });

  it('keeps a list item apart from the line above it', () => {
    expect(sentencesOf('Two pieces are missing:\n- Firmware updates\n- Network policy')).toEqual([
      'Two pieces are missing:',
      '- Firmware updates',
      '- Network policy',
    ]);
  });

  it('mends the breaks natural makes at full stops inside names and numbers', () => {
    expect(sentencesOf('EST-coaps (I-D.ietf-ace-coap-est) is one half. cBRSKI is the other.')).toEqual([
      'EST-coaps (I-D.ietf-ace-coap-est) is one half.',
      'cBRSKI is the other.',
    ]);
    expect(sentencesOf('Our events (est. 2019) run 802.15.4 networks. Next year too.')).toEqual([
      'Our events (est. 2019) run 802.15.4 networks.',
      'Next year too.',
    ]);
  });
});

describe('isQuestion', () => {
  it('is a sentence ending in a question mark, a closing quote or bracket allowed', () => {
    expect(isQuestion('Is "/" the right unit?')).toBe(true);
    expect(isQuestion('(Or is it?)')).toBe(true);
    expect(isQuestion('Is it? No.')).toBe(false);
  });
});
