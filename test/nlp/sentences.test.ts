import { describe, expect, it } from 'vitest';
import { sentencesOf } from '../../src/analyse/summary-sentences.js';
import { SentenceFinder } from '../../src/nlp/sentences.js';

/**
 * What each of the two sentence splitters gives today: the extraction's (the sentence around a word,
 * as the text has it) and the summary's (every sentence, whitespace collapsed).
 */
interface Case {
  text: string;
  /** A word of the text: the extraction is asked for the sentence around it. */
  word: string;
  extraction: string;
  summary: string[];
}

const cases: Case[] = [
  {
    text: 'See Sec. 4 for the details. The rest is fine.',
    word: 'details',
    extraction: 'See Sec. 4 for the details.',
    summary: ['See Sec.', '4 for the details.', 'The rest is fine.'],
  },
  {
    text: 'As shown in Fig. 2, the flow is wrong. Fix it.',
    word: 'flow',
    extraction: 'As shown in Fig. 2, the flow is wrong.',
    summary: ['As shown in Fig.', '2, the flow is wrong.', 'Fix it.'],
  },
  {
    text: 'Some methods, e.g. BRSKI, need a MASA. Others do not.',
    word: 'MASA',
    extraction: 'Some methods, e.g. BRSKI, need a MASA.',
    summary: ['Some methods, e.g.', 'BRSKI, need a MASA.', 'Others do not.'],
  },
  {
    text: 'E.g. BRSKI needs a MASA. Others do not.',
    word: 'MASA',
    extraction: 'BRSKI needs a MASA.',
    summary: ['E.g.', 'BRSKI needs a MASA.', 'Others do not.'],
  },
  {
    text: 'One thing, i.e. the voucher, is signed. Done.',
    word: 'voucher',
    extraction: 'One thing, i.e. the voucher, is signed.',
    summary: ['One thing, i.e. the voucher, is signed.', 'Done.'],
  },
  {
    text: 'Text (cf. RFC 8995) here. Cf. RFC 7030 too.',
    word: 'too',
    extraction: 'RFC 7030 too.',
    summary: ['Text (cf. RFC 8995) here.', 'Cf. RFC 7030 too.'],
  },
  {
    text: 'It works, vs. the old way. Fine.',
    word: 'old',
    extraction: 'It works, vs. the old way.',
    summary: ['It works, vs. the old way.', 'Fine.'],
  },
  {
    text: 'The devs. Next steps follow.',
    word: 'Next',
    extraction: 'Next steps follow.',
    summary: ['The devs. Next steps follow.'],
  },
  {
    text: 'We need A, B, etc. The rest can wait.',
    word: 'rest',
    extraction: 'We need A, B, etc. The rest can wait.',
    summary: ['We need A, B, etc.', 'The rest can wait.'],
  },
  {
    text: 'We need A, B, etc. and the rest can wait.',
    word: 'rest',
    extraction: 'We need A, B, etc. and the rest can wait.',
    summary: ['We need A, B, etc. and the rest can wait.'],
  },
  {
    text: 'Smith et al. 2019 describe it. Next.',
    word: 'describe',
    extraction: 'Smith et al. 2019 describe it.',
    summary: ['Smith et al. 2019 describe it.', 'Next.'],
  },
  {
    text: 'This needs approx. 5 round trips. Too many.',
    word: 'round',
    extraction: 'This needs approx. 5 round trips.',
    summary: ['This needs approx.', '5 round trips.', 'Too many.'],
  },
  {
    text: 'Our events (est. 2019) run 802.15.4 networks. Next year too.',
    word: 'networks',
    extraction: 'Our events (est. 2019) run 802.15.4 networks.',
    summary: ['Our events (est. 2019) run 802.15.4 networks.', 'Next year too.'],
  },
  {
    text: 'BRSKI is RFC 8995. EST is RFC 7030.',
    word: 'EST',
    extraction: 'EST is RFC 7030.',
    summary: ['BRSKI is RFC 8995.', 'EST is RFC 7030.'],
  },
  {
    text: 'BRSKI is RFC 8995. 2 more are coming.',
    word: 'more',
    extraction: '2 more are coming.',
    summary: ['BRSKI is RFC 8995. 2 more are coming.'],
  },
  {
    text: 'We moved to TLS 1.3. Version 2.0.1 of the library has it. Good.',
    word: 'library',
    extraction: 'Version 2.0.1 of the library has it.',
    summary: ['We moved to TLS 1.3.', 'Version 2.0.1 of the library has it.', 'Good.'],
  },
  {
    text: 'We use v2. The rest is v1.',
    word: 'rest',
    extraction: 'The rest is v1.',
    summary: ['We use v2.', 'The rest is v1.'],
  },
  {
    text: 'EST-coaps (I-D.ietf-ace-coap-est) is one half. cBRSKI is the other.',
    word: 'other',
    extraction: 'cBRSKI is the other.',
    summary: ['EST-coaps (I-D.ietf-ace-coap-est) is one half.', 'cBRSKI is the other.'],
  },
  {
    text: 'Use draft-ietf-anima-brski-prm.txt. It is new.',
    word: 'new',
    extraction: 'It is new.',
    summary: ['Use draft-ietf-anima-brski-prm.txt.', 'It is new.'],
  },
  {
    text: 'See https://example.org/a.html for it. It is long.',
    word: 'long',
    extraction: 'It is long.',
    summary: ['See https://example.org/a.html for it.', 'It is long.'],
  },
  {
    text: 'See https://datatracker.ietf.org/doc/rfc8995/. It is long.',
    word: 'long',
    extraction: 'See https://datatracker.ietf.org/doc/rfc8995/. It is long.',
    summary: ['See https://datatracker.ietf.org/doc/rfc8995/. It is long.'],
  },
  {
    text: 'Mail me at jane@example.org. I will answer.',
    word: 'answer',
    extraction: 'I will answer.',
    summary: ['Mail me at jane@example.org.', 'I will answer.'],
  },
  {
    text: 'Is this in scope? I think so! Yes.',
    word: 'think',
    extraction: 'I think so!',
    summary: ['Is this in scope?', 'I think so!', 'Yes.'],
  },
  {
    text: 'He said "it works." Then he left.',
    word: 'left',
    extraction: 'Then he left.',
    summary: ['He said "it works."', 'Then he left.'],
  },
  {
    text: 'First sentence... Second one.',
    word: 'Second',
    extraction: 'Second one.',
    summary: ['First sentence...', 'Second one.'],
  },
  {
    text: 'Line one\nline two without stop\n\nNew paragraph. Here.',
    word: 'two',
    extraction: 'Line one\nline two without stop',
    summary: ['Line one line two without stop', 'New paragraph.', 'Here.'],
  },
  {
    text: 'Two pieces are missing:\n- Firmware updates\n- Network policy',
    word: 'Network',
    extraction: 'Two pieces are missing:\n- Firmware updates\n- Network policy',
    summary: ['Two pieces are missing:', '- Firmware updates', '- Network policy'],
  },
  {
    text: '1. First step\n2) Second step. More',
    word: 'First',
    extraction: 'First step\n2) Second step.',
    summary: ['1.', 'First step', '2) Second step.', 'More'],
  },
];

describe('the two sentence splitters, as they are', () => {
  it.each(cases)('$text', ({ text, word, extraction, summary }) => {
    const at = text.indexOf(word);
    expect(new SentenceFinder(text).sentenceAround(at, at + word.length)).toBe(extraction);
    expect(sentencesOf(text)).toEqual(summary);
  });
});
