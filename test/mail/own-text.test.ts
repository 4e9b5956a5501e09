import { describe, expect, it } from 'vitest';
import { ownTextOf, quotedTextOf, segmentHtml, segmentPlainText } from '../../src/mail/own-text.js';
import type { Segment } from '../../src/mail/types.js';

type Kind = Segment['kind'];

function kinds(segments: readonly Segment[]): Kind[] {
  return segments.map((segment) => segment.kind);
}

function joined(segments: readonly Segment[]): string {
  return segments.map((segment) => segment.text).join('');
}

/** Segments of a plain text, checked to give the text back exactly. */
function plain(text: string, listNames: string[] = []): Segment[] {
  const segments = segmentPlainText(text, { listNames });
  expect(joined(segments)).toBe(text);
  return segments;
}

function textOfKind(segments: readonly Segment[], kind: Kind): string[] {
  return segments.filter((segment) => segment.kind === kind).map((segment) => segment.text);
}

const IOTOPS_FOOTER =
  '_______________________________________________\nIotops mailing list\nIotops@ietf.org\nhttps://www.ietf.org/mailman/listinfo/iotops\n';

describe('segmentPlainText: quotes and inline replies', () => {
  it('returns no segments for an empty body', () => {
    expect(segmentPlainText('')).toEqual([]);
  });

  it('keeps a body without quotes as one own segment', () => {
    expect(plain('Hi all,\n\nEST over CoAP is covered.\n')).toEqual([
      { kind: 'own', text: 'Hi all,\n\nEST over CoAP is covered.\n' },
    ]);
  });

  it('splits an inline reply into own and quoted runs, in order', () => {
    const text = 'Hi,\n\n> Is BRSKI covered?\n\nYes, section 4.\n\n> And DPP?\n>\n> Jane\n\nNot yet.\n';
    expect(plain(text)).toEqual([
      { kind: 'own', text: 'Hi,\n\n' },
      { kind: 'quote', text: '> Is BRSKI covered?\n\n' },
      { kind: 'own', text: 'Yes, section 4.\n\n' },
      { kind: 'quote', text: '> And DPP?\n>\n> Jane\n\n' },
      { kind: 'own', text: 'Not yet.\n' },
    ]);
  });

  it('treats nested `>>` and `> >` quoting as quote', () => {
    const segments = plain('>> older\n> > also older\n> newer\nmine\n');
    expect(segments).toEqual([
      { kind: 'quote', text: '>> older\n> > also older\n> newer\n' },
      { kind: 'own', text: 'mine\n' },
    ]);
  });

  it('keeps the concatenation exact for CRLF text without a final newline', () => {
    const text = 'Agreed.\r\n\r\n> Should we adopt?\r\n-- \r\nBob';
    expect(kinds(plain(text))).toEqual(['own', 'quote', 'signature']);
  });
});

describe('segmentPlainText: attributions', () => {
  const attributions = [
    'On Tue, 23 Feb 2021 at 10:02, Jane Doe <jane@example.com> wrote:',
    'On 23 Feb 2021, at 10:02, Jane Doe <jane@example.com> wrote:',
    'Am 23.02.2021 um 10:02 schrieb Jane Doe:',
    'Am Di., 23. Feb. 2021 um 10:02 Uhr schrieb Jane Doe <jane@example.com>:',
    'El mar, 23 feb 2021 a las 10:02, Jane escribió:',
    'Le 23/02/2021 à 10:02, Jane Doe a écrit :',
    'Le mar. 23 févr. 2021 à 10:02, Jane Doe <jane@example.com> a\u00a0écrit\u00a0:',
    'Il giorno mar 23 feb 2021 alle ore 10:02 Jane Doe ha scritto:',
    'Jane Doe <jane@example.com> writes:',
    '* Jane Doe wrote:',
    '* Jane Doe <jane@example.com> [2021-02-23 10:02]:',
    'Quoting Jane Doe:',
    'Jane Doe <jane@example.com> schrieb am 23.02.2021 10:02:',
    '2021年2月23日(火) 10:02 Jane Doe <jane@example.com>:',
    'Jane Doe <jane@example.com> 于2021年2月23日周二 10:02写道：',
  ];

  it.each(attributions)('recognises %s', (line) => {
    expect(plain(`Fine by me.\n\n${line}\n> Do we adopt?\n`)).toEqual([
      { kind: 'own', text: 'Fine by me.\n\n' },
      { kind: 'attribution', text: `${line}\n` },
      { kind: 'quote', text: '> Do we adopt?\n' },
    ]);
  });

  it('joins an attribution that Gmail wrapped over two lines', () => {
    const text = 'On Tue, Feb 23, 2021 at 10:02 AM Jane Doe via Iotops <iotops@ietf.org>\nwrote:\n\n> Hi\n';
    expect(textOfKind(plain(text), 'attribution')).toEqual([
      'On Tue, Feb 23, 2021 at 10:02 AM Jane Doe via Iotops <iotops@ietf.org>\nwrote:\n\n',
    ]);
  });

  it('joins an attribution wrapped over three lines, and leaves the line above it alone', () => {
    const text =
      'On the second point I agree.\nOn Tue, Feb 23, 2021 at 10:02 AM Doe, Jane (Example Networks, Product\nSecurity) via Iotops <\niotops@ietf.org> wrote:\n> Hi\n';
    const segments = plain(text);
    expect(segments[0]).toEqual({ kind: 'own', text: 'On the second point I agree.\n' });
    expect(kinds(segments)).toEqual(['own', 'attribution', 'quote']);
  });

  it('keeps prose ending in "wrote:" as own text', () => {
    expect(kinds(plain('As Jane wrote:\n> adopt it\n'))).toEqual(['own', 'quote']);
    expect(kinds(plain('In -10 the authors wrote:\n> out of scope\n'))).toEqual(['own', 'quote']);
  });

  it('needs a quote after a "<name> wrote:" line', () => {
    expect(kinds(plain('Thanks, I will ask.\nJane Doe wrote:\n\nnothing quoted here\n'))).toEqual(['own']);
  });

  it('takes no attribution from a quoted line that says "wrote:"', () => {
    expect(kinds(plain('> Jane Doe wrote:\n>> Hi\n\nOK\n'))).toEqual(['quote', 'own']);
  });
});

describe('segmentPlainText: top-post tails', () => {
  it('quotes everything from -----Original Message----- on, but keeps the footer a footer', () => {
    const text = `Agreed.\n\n-----Original Message-----\nFrom: Jane Doe\nSent: Tuesday\nSubject: x\n\nquoted\n${IOTOPS_FOOTER}`;
    const segments = plain(text, ['iotops']);
    expect(kinds(segments)).toEqual(['own', 'quote', 'footer']);
    expect(segments[2]?.text).toBe(IOTOPS_FOOTER);
  });

  it('quotes an Outlook rule plus header run', () => {
    const text = 'Yes.\n\n________________________________\nFrom: Jane Doe <jane@example.com>\nSent: Tuesday\nTo: iotops@ietf.org\n\nold text\n';
    expect(plain(text)).toEqual([
      { kind: 'own', text: 'Yes.\n\n' },
      { kind: 'quote', text: text.slice('Yes.\n\n'.length) },
    ]);
  });

  it.each([
    'Von: Jane Doe <jane@example.com>\nGesendet: Dienstag, 23. Februar 2021 10:02\nAn: iotops@ietf.org\nBetreff: Frage\n',
    'De : Jane Doe <jane@example.com>\nEnvoyé : mardi 23 février 2021 10:02\nÀ : iotops@ietf.org\nObjet : Question\n',
    'From: Jane Doe [mailto:jane@example.com]\nSent: Tuesday, February 23, 2021 10:02 AM\nTo: iotops@ietf.org\n',
    '*From:* Jane Doe <jane@example.com>\n*Sent:* Tuesday\n*To:* iotops@ietf.org\n',
  ])('quotes a header run without a rule: %s', (header) => {
    expect(kinds(plain(`Mine.\n\n${header}\nold text\n`))).toEqual(['own', 'quote']);
  });

  it('keeps "From: my perspective" prose as own text', () => {
    const text = 'From: my perspective the survey is ready.\nTo: be clear, I support adoption.\n';
    expect(kinds(plain(text))).toEqual(['own']);
  });

  it('quotes a Lotus Notes block from the sender line down', () => {
    const text =
      'Will check.\n\nOle Nordmann <ole@example.no>\n2021-02-26 14:45\n\n        To:     iotops@ietf.org\n        cc:\n        Subject:        Data sheets\n\nold text\n';
    expect(textOfKind(plain(text), 'own')).toEqual(['Will check.\n\n']);
  });

  it.each([
    '---------- Forwarded message ---------',
    '-------- Forwarded Message --------',
    '----- Forwarded message from Jane Doe <jane@example.com> -----',
    'Begin forwarded message:',
  ])('marks the rest as forwarded after %s', (marker) => {
    const segments = plain(`FYI.\n\n${marker}\nFrom: Jane\n\nliaison text\n`);
    expect(segments).toEqual([
      { kind: 'own', text: 'FYI.\n\n' },
      { kind: 'forwarded', text: `${marker}\nFrom: Jane\n\nliaison text\n` },
    ]);
  });
});

describe('segmentPlainText: inline answers inside an Outlook quote', () => {
  const quoted = '-----Original Message-----\nFrom: Priya\nSent: Thursday\nTo: iotops@ietf.org\n\nFDO is missing.\n\n';

  it('recovers paragraphs marked with the tag the author announced', () => {
    const text = `See inline [RW].\n\n${quoted}[RW] Agreed, add FDO.\nNext to BRSKI.\n\nDPP too?\n\n[PR] older answer\n`;
    expect(ownTextOf(plain(text))).toBe('See inline [RW].\n\n[RW] Agreed, add FDO.\nNext to BRSKI.');
  });

  it('recovers the only tag in the quote when the author announces answers without naming it', () => {
    const text = `Comments inline.\n\n${quoted}[Kris] FDO is in scope.\n`;
    expect(ownTextOf(plain(text))).toBe('Comments inline.\n\n[Kris] FDO is in scope.');
  });

  it('recovers nothing when the author did not announce inline answers', () => {
    const text = `Thanks.\n\n${quoted}[RW] an older answer\n`;
    expect(ownTextOf(plain(text))).toBe('Thanks.');
  });
});

describe('segmentPlainText: signatures', () => {
  it('marks from the `-- ` line to the footer as signature', () => {
    const text = `See you there.\n\nJane\n\n-- \nJane Doe, Thread Group liaison\nBRSKI and EST interop\n${IOTOPS_FOOTER}`;
    const segments = plain(text, ['iotops']);
    expect(kinds(segments)).toEqual(['own', 'signature', 'footer']);
    expect(segments[1]?.text).toBe('-- \nJane Doe, Thread Group liaison\nBRSKI and EST interop\n');
  });

  it('ends a top-poster signature where the quote starts', () => {
    const text = 'Yes.\n-- \nBob\n\nOn Tue, 23 Feb 2021 at 10:02, Jane <jane@example.com> wrote:\n> adopt?\n';
    expect(kinds(plain(text))).toEqual(['own', 'signature', 'attribution', 'quote']);
  });

  it('accepts a bare `--` before a short closing block', () => {
    expect(kinds(plain('Done.\n\n--\nBob Smith\nExample Org\n'))).toEqual(['own', 'signature']);
  });

  it('does not take a bare `--` followed by a long block for a signature', () => {
    const long = Array.from({ length: 9 }, (_, i) => `point ${i + 1}`).join('\n');
    expect(kinds(plain(`Notes:\n--\n${long}\n`))).toEqual(['own']);
  });

  it('does not take a bare `--` followed later by more own text for a signature', () => {
    expect(kinds(plain('A\n--\nB\n> quoted\nC\n'))).toEqual(['own', 'quote', 'own']);
  });

  it('does not take `---` separators for signatures (the last line is a sign-off)', () => {
    expect(kinds(plain('Issues:\n---\n1. EST\n---\nThanks\n'))).toEqual(['own', 'signoff']);
    expect(kinds(plain('Issues:\n---\n1. EST\n---\n2. DPP\n'))).toEqual(['own']);
  });

  it('cuts an undelimited signature at the legal disclaimer', () => {
    const text =
      'Please add me.\n\nSanjay\n\nThis e-mail is confidential and intended solely for the addressee.\n\n> old\n';
    expect(textOfKind(plain(text), 'signature')).toEqual([
      'This e-mail is confidential and intended solely for the addressee.\n\n',
    ]);
  });

  it('keeps a paragraph about confidentiality that is not a disclaimer', () => {
    expect(kinds(plain('OSCORE gives confidential channels to constrained devices.\n'))).toEqual(['own']);
  });

  it.each([
    ['Sent from my iPhone', 'signature'],
    ['Sent from my Galaxy S21.', 'signature'],
    ['Sent from Mail for Windows 10', 'signature'],
    ['Sent from Outlook for iOS', 'signature'],
    ['Get Outlook for iOS', 'signature'],
    ['Get Outlook for Android', 'signature'],
    ['Envoyé de mon iPad', 'signature'],
    ['Von meinem iPhone gesendet', 'signature'],
    ['Enviado desde mi iPhone', 'signature'],
    ['Sent from Samsung Mobile', 'signature'],
    ['Sent from Yahoo Mail on Android', 'signature'],
    ['Get Outlook for Android<https://aka.ms/ghei36>', 'signature'],
    ['Gesendet von Outlook für Android', 'signature'],
    ['Envoyé à partir de Outlook pour iOS', 'signature'],
    ['Sent from my iPhone!', 'signature'],
    ['Get Outlook for Mac', 'own'],
    ['Sent from my iPhone, please excuse typos', 'own'],
    ['Sent from the IETF meeting in Prague', 'own'],
  ])('reads a last paragraph "%s" as %s', (line, kind) => {
    const segments = plain(`Please add MUD.\n\nI can write the text.\n\n${line}\n`);
    expect(segments.at(-1)).toEqual({ kind, text: kind === 'own' ? `Please add MUD.\n\nI can write the text.\n\n${line}\n` : `${line}\n` });
  });
});

describe('segmentPlainText: Mailman footers', () => {
  it('finds a Mailman 2 footer by its listinfo link', () => {
    expect(plain(`Hello\n${IOTOPS_FOOTER}`)).toEqual([
      { kind: 'own', text: 'Hello\n' },
      { kind: 'footer', text: IOTOPS_FOOTER },
    ]);
  });

  it('finds a footer that only names the list when the list name is given', () => {
    const footer = '_______________________________________________\nIotops@ietf.org\n';
    expect(kinds(plain(`Hello\n${footer}`, ['iotops']))).toEqual(['own', 'footer']);
    expect(kinds(plain(`Hello\n${footer}`))).toEqual(['own']);
  });

  it('finds the Mailman 3 footer and the IETF `-- ` footer', () => {
    const mailman3 = '-- \nIotops mailing list -- iotops@ietf.org\nTo unsubscribe send an email to iotops-leave@ietf.org\n';
    expect(kinds(plain(`Hello\n${mailman3}`))).toEqual(['own', 'footer']);
    const ietf = '-- \nBpf mailing list\nBpf@ietf.org\nhttps://www.ietf.org/mailman/listinfo/bpf\n';
    expect(kinds(plain(`Hello\n-- \nWill\n${ietf}`))).toEqual(['own', 'signature', 'footer']);
  });

  it('marks stacked footers of two lists as footer', () => {
    const t2trg = '_______________________________________________\nT2TRG mailing list\nT2TRG@irtf.org\nhttps://www.irtf.org/mailman/listinfo/t2trg\n';
    const segments = plain(`Hello\n${IOTOPS_FOOTER}${t2trg}`);
    expect(segments).toEqual([
      { kind: 'own', text: 'Hello\n' },
      { kind: 'footer', text: IOTOPS_FOOTER + t2trg },
    ]);
  });

  it('leaves a quoted footer inside the quote', () => {
    const quotedFooter = IOTOPS_FOOTER.replace(/^/gm, '> ').replace(/> $/, '');
    expect(kinds(plain(`Yes.\n\n${quotedFooter}`))).toEqual(['own', 'quote']);
  });

  it('does not take a rule of underscores without list evidence for a footer', () => {
    expect(kinds(plain('Table:\n____________\nA | B\n'))).toEqual(['own']);
  });
});

describe('ownTextOf and quotedTextOf', () => {
  const segments: Segment[] = [
    { kind: 'own', text: '\nHi,\n\n' },
    { kind: 'attribution', text: 'On Tue, Jane wrote:\n' },
    { kind: 'quote', text: '> one\n\n' },
    { kind: 'own', text: 'Answer one.\n \n\n\n\u00a0\nStill one.  \n' },
    { kind: 'quote', text: '> two\n' },
    { kind: 'own', text: '\n\n' },
    { kind: 'signature', text: '-- \nJane\n' },
  ];

  it('joins own pieces, trimmed, with one blank line between them and no runs of blank lines', () => {
    expect(ownTextOf(segments)).toBe('Hi,\n\nAnswer one.\n\nStill one.');
  });

  it('joins quoted pieces the same way', () => {
    expect(quotedTextOf(segments)).toBe('> one\n\n> two');
  });

  it('gives empty strings when there is nothing of that kind', () => {
    expect(ownTextOf([{ kind: 'quote', text: '> x' }])).toBe('');
    expect(quotedTextOf([])).toBe('');
  });
});

describe('segmentHtml', () => {
  it('prefixes blockquote lines with `> ` and marks them quote', () => {
    const segments = segmentHtml('<p>I agree.</p><blockquote><p>Adopt?</p><blockquote>older</blockquote></blockquote>');
    expect(segments).toEqual([
      { kind: 'own', text: 'I agree.\n\n' },
      { kind: 'quote', text: '> Adopt?\n> \n> > older' },
    ]);
  });

  it('keeps text indented with a borderless blockquote (Gmail\'s indent button) as own text', () => {
    const html = '<div>Proposed text:</div><blockquote style="margin:0 0 0 40px;border:none;padding:0px"><div>EST-coaps is optional.</div></blockquote>';
    expect(segmentHtml(html)).toEqual([{ kind: 'own', text: 'Proposed text:\nEST-coaps is optional.' }]);
  });

  it('reads Gmail quote, attribution and signature containers', () => {
    const html =
      '<div dir="ltr">Sure.<div><br></div><div>-- <br><div class="gmail_signature">Jane Doe<br>Thread Group liaison</div></div></div>' +
      '<div class="gmail_quote"><div class="gmail_attr">On Tue, Mar 2, 2021 at 8:30 AM Mikael wrote:<br></div>' +
      '<blockquote class="gmail_quote">Could we add DPP?</blockquote></div>';
    const segments = segmentHtml(html);
    expect(kinds(segments)).toEqual(['own', 'signature', 'attribution', 'quote']);
    expect(textOfKind(segments, 'signature')).toEqual(['--\n\nJane Doe\nThread Group liaison\n']);
    expect(textOfKind(segments, 'attribution')).toEqual(['On Tue, Mar 2, 2021 at 8:30 AM Mikael wrote:']);
    expect(ownTextOf(segments)).toBe('Sure.');
  });

  it('marks a Gmail forward as forwarded', () => {
    const html =
      '<div>FYI</div><div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: Marco</div><div>vectors</div></div>';
    expect(kinds(segmentHtml(html))).toEqual(['own', 'forwarded']);
  });

  it('reads Thunderbird cite prefixes and signatures', () => {
    const html =
      '<p>Yes.</p><div class="moz-cite-prefix">On 2021-03-01 17:00, Jane Doe wrote:<br></div>' +
      '<blockquote type="cite">Agenda?</blockquote><div class="moz-signature">-- <br>Mikael</div>';
    expect(kinds(segmentHtml(html))).toEqual(['own', 'attribution', 'quote', 'signature']);
  });

  it('takes an unmarked "On ... wrote:" line right before a blockquote for an attribution', () => {
    const html =
      '<div>Yes.</div><div><br><div>On 26 Feb 2021, at 15:45, Ole &lt;ole@example.no&gt; wrote:</div><blockquote type="cite">old</blockquote></div>';
    const segments = segmentHtml(html);
    expect(kinds(segments)).toEqual(['own', 'attribution', 'quote']);
    expect(segments[1]?.text.trim()).toBe('On 26 Feb 2021, at 15:45, Ole <ole@example.no> wrote:');
  });

  it('quotes an Outlook Web reply header and everything after it', () => {
    const html =
      '<div>Fine.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Jane<br><b>Sent:</b> Monday</div><div>old body</div>';
    const segments = segmentHtml(html);
    expect(kinds(segments)).toEqual(['own', 'quote']);
    expect(segments[1]?.text).toContain('From: Jane\nSent: Monday');
    expect(segments[1]?.text).toContain('old body');
    expect(ownTextOf(segments)).toBe('Fine.');
  });

  it('quotes an Outlook desktop border-top header block, but not any bordered div', () => {
    const header =
      '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>From:</b> Ole<br><b>Sent:</b> Friday</p></div>';
    expect(kinds(segmentHtml(`<p class="MsoNormal">Yes.</p>${header}<p class="MsoNormal">old</p>`))).toEqual(['own', 'quote']);
    const styled = '<div style="border:none;border-top:solid #E1E1E1 1.0pt">Section 2</div>';
    expect(kinds(segmentHtml(`<p>Yes.</p>${styled}`))).toEqual(['own']);
  });

  it('writes link text, and the href only when it adds something short', () => {
    const html =
      '<p><a href="https://datatracker.ietf.org/doc/draft-x/">draft-x</a>, ' +
      '<a href="https://example.com/">https://example.com</a>, ' +
      '<a href="mailto:jane@example.com">jane@example.com</a>, ' +
      `<a href="https://eur03.safelinks.protection.outlook.com/?url=${'x'.repeat(120)}">the slides</a></p>`;
    expect(joined(segmentHtml(html))).toBe(
      'draft-x <https://datatracker.ietf.org/doc/draft-x/>, https://example.com, jane@example.com, the slides',
    );
  });

  it('keeps headings as written, skips images and drops stray marker characters', () => {
    const html = '<h2>Open issues</h2><p>EST \uE000<img src="cid:logo" alt="logo">over\uE001 CoAP</p>';
    expect(joined(segmentHtml(html))).toBe('Open issues\n\nEST over CoAP');
  });

  it('reads an Outlook paragraph per line, as its plain-text version does', () => {
    const html = '<p class="MsoNormal">Hi,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Yes.<o:p></o:p></p>';
    const segments = segmentHtml(html);
    expect(joined(segments)).toBe('Hi,\n\u00a0\nYes.');
    expect(ownTextOf(segments)).toBe('Hi,\n\nYes.');
  });

  it('finds a footer at the end of the converted text', () => {
    const html = '<p>Hello</p><p>_______________________________________________<br>Iotops mailing list<br>https://www.ietf.org/mailman/listinfo/iotops</p>';
    expect(kinds(segmentHtml(html))).toEqual(['own', 'footer']);
  });
});

describe('contact blocks', () => {
  it('signs a message only when a short block of short lines with a phone number ends it', async () => {
    const { segmentPlainText, ownTextOf } = await import('../../src/mail/own-text.js');
    const signed = 'We should keep BRSKI.\n\nJane Doe\nExample Corp\nPhone: +1 555 010 0000\n';
    expect(ownTextOf(segmentPlainText(signed))).toBe('We should keep BRSKI.');
    const prose = 'Call me on +1 555 010 0000 if you want to talk about BRSKI, or write to the list when you have a moment to spare.\n';
    expect(ownTextOf(segmentPlainText(prose))).toBe(prose.trim());
    const laterText = 'Jane Doe\nPhone: +1 555 010 0000\n\nAnd one more thing about EST.\n';
    expect(ownTextOf(segmentPlainText(laterText))).toBe(laterText.trim());
  });
});
