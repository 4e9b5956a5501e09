import { describe, expect, it } from 'vitest';
import { collapse, SentenceFinder, sentencesOf } from '../../src/nlp/index.js';

/**
 * One sentence splitter serves the summary (every sentence, whitespace collapsed) and the extraction
 * (the sentence around a match, as the text has it). Until they were merged each caller had its own;
 * where the merged one gives another output, the comment says what that caller gave before.
 */
interface Case {
  text: string;
  /** A word of the text: the extraction is asked for the sentence around it. */
  word: string;
  /** What the summary reads: every sentence. */
  sentences: string[];
}

const cases: Case[] = [
  {
    // Before: summary: "See Sec." | "4 for the details.".
    text: 'See Sec. 4 for the details. The rest is fine.',
    word: 'details',
    sentences: ['See Sec. 4 for the details.', 'The rest is fine.'],
  },
  {
    // Before: summary: "As shown in Fig." | "2, the flow is wrong.".
    text: 'As shown in Fig. 2, the flow is wrong. Fix it.',
    word: 'flow',
    sentences: ['As shown in Fig. 2, the flow is wrong.', 'Fix it.'],
  },
  {
    // Before: summary: "Some methods, e.g." | "BRSKI, need a MASA.".
    text: 'Some methods, e.g. BRSKI, need a MASA. Others do not.',
    word: 'MASA',
    sentences: ['Some methods, e.g. BRSKI, need a MASA.', 'Others do not.'],
  },
  {
    // Before: both: "E.g." on its own.
    text: 'E.g. BRSKI needs a MASA. Others do not.',
    word: 'MASA',
    sentences: ['E.g. BRSKI needs a MASA.', 'Others do not.'],
  },
  {
    text: 'One thing, i.e. the voucher, is signed. Done.',
    word: 'voucher',
    sentences: ['One thing, i.e. the voucher, is signed.', 'Done.'],
  },
  {
    // Before: extraction: "RFC 7030 too.".
    text: 'Text (cf. RFC 8995) here. Cf. RFC 7030 too.',
    word: 'too',
    sentences: ['Text (cf. RFC 8995) here.', 'Cf. RFC 7030 too.'],
  },
  {
    text: 'It works, vs. the old way. Fine.',
    word: 'old',
    sentences: ['It works, vs. the old way.', 'Fine.'],
  },
  {
    // Before: summary: one sentence (natural read `vs.` inside `devs.`).
    text: 'The devs. Next steps follow.',
    word: 'Next',
    sentences: ['The devs.', 'Next steps follow.'],
  },
  {
    // Before: extraction: one sentence.
    text: 'We need A, B, etc. The rest can wait.',
    word: 'rest',
    sentences: ['We need A, B, etc.', 'The rest can wait.'],
  },
  {
    text: 'We need A, B, etc. and the rest can wait.',
    word: 'rest',
    sentences: ['We need A, B, etc. and the rest can wait.'],
  },
  {
    text: 'Smith et al. 2019 describe it. Next.',
    word: 'describe',
    sentences: ['Smith et al. 2019 describe it.', 'Next.'],
  },
  {
    // Before: summary: "This needs approx." | "5 round trips.".
    text: 'This needs approx. 5 round trips. Too many.',
    word: 'round',
    sentences: ['This needs approx. 5 round trips.', 'Too many.'],
  },
  {
    text: 'Our events (est. 2019) run 802.15.4 networks. Next year too.',
    word: 'networks',
    sentences: ['Our events (est. 2019) run 802.15.4 networks.', 'Next year too.'],
  },
  {
    text: 'BRSKI is RFC 8995. EST is RFC 7030.',
    word: 'EST',
    sentences: ['BRSKI is RFC 8995.', 'EST is RFC 7030.'],
  },
  {
    // Before: summary: one sentence.
    text: 'BRSKI is RFC 8995. 2 more are coming.',
    word: 'more',
    sentences: ['BRSKI is RFC 8995.', '2 more are coming.'],
  },
  {
    text: 'We moved to TLS 1.3. Version 2.0.1 of the library has it. Good.',
    word: 'library',
    sentences: ['We moved to TLS 1.3.', 'Version 2.0.1 of the library has it.', 'Good.'],
  },
  {
    text: 'We use v2. The rest is v1.',
    word: 'rest',
    sentences: ['We use v2.', 'The rest is v1.'],
  },
  {
    text: 'EST-coaps (I-D.ietf-ace-coap-est) is one half. cBRSKI is the other.',
    word: 'other',
    sentences: ['EST-coaps (I-D.ietf-ace-coap-est) is one half.', 'cBRSKI is the other.'],
  },
  {
    text: 'Use draft-ietf-anima-brski-prm.txt. It is new.',
    word: 'new',
    sentences: ['Use draft-ietf-anima-brski-prm.txt.', 'It is new.'],
  },
  {
    text: 'See https://example.org/a.html for it. It is long.',
    word: 'long',
    sentences: ['See https://example.org/a.html for it.', 'It is long.'],
  },
  {
    // Before: both: one sentence (natural took the full stop into the URL).
    text: 'See https://datatracker.ietf.org/doc/rfc8995/. It is long.',
    word: 'long',
    sentences: ['See https://datatracker.ietf.org/doc/rfc8995/.', 'It is long.'],
  },
  {
    text: 'Mail me at jane@example.org. I will answer.',
    word: 'answer',
    sentences: ['Mail me at jane@example.org.', 'I will answer.'],
  },
  {
    text: 'Is this in scope? I think so! Yes.',
    word: 'think',
    sentences: ['Is this in scope?', 'I think so!', 'Yes.'],
  },
  {
    text: 'He said "it works." Then he left.',
    word: 'left',
    sentences: ['He said "it works."', 'Then he left.'],
  },
  {
    text: 'First sentence... Second one.',
    word: 'Second',
    sentences: ['First sentence...', 'Second one.'],
  },
  {
    text: 'Line one\nline two without stop\n\nNew paragraph. Here.',
    word: 'two',
    sentences: ['Line one line two without stop', 'New paragraph.', 'Here.'],
  },
  {
    // Before: extraction: the whole list.
    text: 'Two pieces are missing:\n- Firmware updates\n- Network policy',
    word: 'Network',
    sentences: ['Two pieces are missing:', '- Firmware updates', '- Network policy'],
  },
  {
    // Before: extraction: "First step\n2) Second step."; summary: "1." on its own.
    text: '1. First step\n2) Second step. More',
    word: 'First',
    sentences: ['1. First step', '2) Second step.', 'More'],
  },
];

describe('the sentence splitter', () => {
  it.each(cases)('$text', ({ text, word, sentences }) => {
    expect(sentencesOf(text)).toEqual(sentences);
    const at = text.indexOf(word);
    const around = new SentenceFinder(text).sentenceAround(at, at + word.length);
    expect(collapse(around)).toBe(sentences.find((sentence) => sentence.includes(word)));
  });

  it('gives the extraction the sentence as the text has it, line breaks kept', () => {
    const text = 'Line one\nline two without stop\n\nNew paragraph. Here.';
    expect(new SentenceFinder(text).sentenceAround(text.indexOf('two'), text.indexOf('two') + 3)).toBe('Line one\nline two without stop');
  });

  it('cuts a sentence longer than 400 characters down to the lines of the match', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i} of a long list without full stops, BRSKI here`);
    const text = lines.join('\n');
    const at = text.indexOf('line 5');
    expect(sentencesOf(text)).toEqual([lines.join(' ')]);
    expect(new SentenceFinder(text).sentenceAround(at, at + 6)).toBe(lines[5]);
  });

  it('ends a URL before the punctuation that follows it', () => {
    expect(sentencesOf('We need: https://example.org/x?a=1! Next.')).toEqual(['We need: https://example.org/x?a=1!', 'Next.']);
    expect(sentencesOf('(See <https://example.org/doc>.) Next one.')).toEqual(['(See <https://example.org/doc>.)', 'Next one.']);
    expect(sentencesOf('Is www.example.org/a?b up? Yes.')).toEqual(['Is www.example.org/a?b up?', 'Yes.']);
  });

  it('keeps an indented list item apart from the line above it', () => {
    expect(sentencesOf('Missing:\n  - firmware updates\n  * network policy')).toEqual(['Missing:', '- firmware updates', '* network policy']);
  });
});
