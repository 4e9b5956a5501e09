import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailparserContent } from '../../src/mail/decode.js';
import { decodeParts, type MailContent } from '../../src/mail/mime-parts.js';
import { prepareMessage } from '../../src/mail/mime-scan.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { messageBytes } from '../helpers/messages.js';

/**
 * The one-pass decoder must give exactly what mailparser gives for every message it takes, and
 * leave to mailparser every message it cannot read the same way.
 */

const decodeFixtures = path.resolve('fixtures/mail/decode');
const fixture = (name: string): string => path.join(decodeFixtures, name);

function comparable(content: MailContent): unknown {
  return { ...content, attachments: content.attachments.map((part) => ({ ...part, content: part.content.toString('base64') })) };
}

/** 'fast' when the one-pass decoder took the message (and agreed with mailparser), else 'mailparser'. */
async function decodeBoth(bytes: Buffer): Promise<'fast' | 'mailparser'> {
  const prepared = prepareMessage(bytes);
  const fast = prepared.structure ? decodeParts(prepared.structure) : null;
  if (!fast) return 'mailparser';
  expect(comparable(fast)).toEqual(comparable(await mailparserContent(prepared.bytes)));
  return 'fast';
}

function message(headers: string, body: string, lineBreak = '\r\n'): Buffer {
  const head = ['From: Ana <ana@example.org>', 'Subject: test', 'Message-ID: <t@example.org>', headers].filter(Boolean);
  return Buffer.from(`${head.join(lineBreak)}${lineBreak}${lineBreak}${body}`, 'latin1');
}

/** A message whose top-level entity (its MIME header fields, a blank line, its body) is `entity`. */
function withEntity(entity: string, lineBreak = '\r\n'): Buffer {
  const head = ['From: Ana <ana@example.org>', 'Subject: test', 'Message-ID: <t@example.org>'];
  return Buffer.from(`${head.join(lineBreak)}${lineBreak}${entity}`, 'latin1');
}

function multipart(type: string, parts: string[], lineBreak = '\r\n', boundary = 'b1'): string {
  return `Content-Type: multipart/${type}; boundary="${boundary}"${lineBreak}${lineBreak}preamble${lineBreak}${parts
    .map((part) => `--${boundary}${lineBreak}${part}${lineBreak}`)
    .join('')}--${boundary}--${lineBreak}epilogue${lineBreak}`;
}

const crafted: Record<string, Buffer> = {
  'plain, no Content-Type, LF line ends': message('', 'Hello\nworld\n', '\n'),
  'no final line break': message('Content-Type: text/plain', 'last line without newline'),
  'quoted-printable soft breaks and bad escapes': message(
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable',
    'caf=C3=A9 soft=\r\nbreak, bad =ZZ escape and =\r\n',
  ),
  'base64 padded per line': message(
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64',
    `${Buffer.from('first ').toString('base64')}\r\n${Buffer.from('second').toString('base64')}\r\n`,
  ),
  'flowed with delsp': message('Content-Type: text/plain; format=flowed; delsp=yes', 'a long line that is  \r\nwrapped \r\n> quoted  \r\n> more\r\n'),
  'koi8-r body': message('Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit', '\xf0\xd2\xc9\xd7\xc5\xd4'),
  'ks_c_5601-1987 body': message('Content-Type: text/plain; charset=ks_c_5601-1987', '\xbe\xc8\xb3\xe7'),
  'unknown charset with 8-bit bytes': message('Content-Type: text/plain; charset=x-unheard-of', 'caf\xe9'),
  'utf-8 declared, latin-1 bytes': message('Content-Type: text/plain; charset=utf-8', 'caf\xe9 cr\xe8me'),
  'raw UTF-8 subject and sender': Buffer.from(
    'From: =?utf-8?q?J=C3=BCrgen?= <j@example.org>\r\nSubject: Grüße aus Köln\r\nMessage-ID: <u@example.org>\r\n\r\nbody\r\n',
    'utf8',
  ),
  'encoded words across folds, IDN and group': Buffer.from(
    'From: Team: =?iso-8859-1?q?Andr=E9?= <andre@xn--bcher-kva.example>, bob@example.org;\r\nReply-To: list@example.org, "Ann" <ann@example.org>\r\nSubject: =?utf-8?b?w4RwZmVs?=\r\n =?utf-8?q?_und_Birnen?=\r\nMessage-ID: <g@example.org>\r\n\r\nbody\r\n',
    'latin1',
  ),
  'empty subject and no sender': Buffer.from('Subject:\r\nMessage-ID: <e@example.org>\r\n\r\nbody\r\n'),
  'mixed: plain, html and an empty part': withEntity(
    multipart('mixed', ['Content-Type: text/plain\r\n\r\nplain text', 'Content-Type: text/html\r\n\r\n<p>html</p>', 'Content-Type: text/plain\r\n\r\n']),
  ),
  'alternative inside mixed, footer after': withEntity(
    multipart('mixed', [
      multipart('alternative', ['Content-Type: text/plain; charset=us-ascii\r\n\r\nhi', 'Content-Type: text/html\r\n\r\n<b>hi</b>'], '\r\n', 'b2'),
      'Content-Type: text/plain; charset="us-ascii"\r\nContent-Disposition: inline\r\n\r\n___\r\nlist mailing list\r\nhttps://www.ietf.org/mailman/listinfo/list',
    ]),
  ),
  'attachments: named, octet-stream by extension, no Content-Type, odd disposition': withEntity(
    multipart('mixed', [
      'Content-Type: text/plain\r\n\r\nsee attached',
      'Content-Type: application/pdf; name="=?utf-8?q?r=C3=A9sum=C3=A9.pdf?="\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK',
      'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="slides.pptx"\r\n\r\nPK',
      'Content-Disposition: attachment; filename="notes.txt"\r\n\r\nnotes',
      'Content-Disposition: attachment\r\n\r\nno type',
      'Content-Type: image/png\r\nContent-Disposition: inline\r\n\r\n\x89PNG',
      'Content-Type: text/plain\r\nContent-Disposition: weird\r\n\r\nnot inline',
      'Content-Type: text/enriched\r\n\r\n<bold>enriched</bold>',
    ]),
  ),
  'signed: text and a detached signature': withEntity(
    multipart('signed; protocol="application/pgp-signature"; micalg=pgp-sha256', [
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsigned =E2=9C=93',
      'Content-Type: application/pgp-signature; name="signature.asc"\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\nabc\r\n-----END PGP SIGNATURE-----',
    ]),
  ),
  'html only, root part': message('Content-Type: text/html; charset=windows-1252', '<p>\x93quoted\x94 \x80</p>'),
  'LF-only multipart': withEntity(multipart('alternative', ['Content-Type: text/plain\n\nplain', 'Content-Type: text/html\n\n<i>x</i>'], '\n'), '\n'),
  'UTF-7 text part (refused charset)': message('Content-Type: text/plain; charset=utf-7', '+ADw-script+AD4-'),
  'RFC 2231 boundary': withEntity('Content-Type: multipart/mixed; boundary*=us-ascii\'\'b9\r\n\r\n--b9\r\nContent-Type: text/plain\r\n\r\nx\r\n--b9--\r\n'),
  'multipart without a closing delimiter': withEntity('Content-Type: multipart/mixed; boundary=cut\r\n\r\n--cut\r\nContent-Type: text/plain\r\n\r\ncut off'),
  'forwarded message part': withEntity(multipart('mixed', ['Content-Type: text/plain\r\n\r\nfwd', 'Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body'])),
  'comment in Content-Type': message('Content-Type: text/plain; charset=utf-8 (a comment)', 'body'),
  'RFC 2231 filenames': withEntity(
    multipart('mixed', [
      'Content-Type: text/plain\r\n\r\nx',
      "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf\r\n\r\n%PDF",
      "Content-Type: application/pdf; name*0*=utf-8''a%C3%A9; name*1=.pdf\r\n\r\n%PDF",
      "Content-Type: text/plain\r\nContent-Disposition: attachment; filename*=utf-8''%3D%3Futf-8%3FQ%3Fx%3F%3D.txt\r\n\r\nencoded word kept",
    ]),
  ),
};

describe('decodeParts against mailparser', () => {
  it.each(Object.keys(crafted))('agrees on: %s', async (name) => {
    await decodeBoth(crafted[name] as Buffer);
  });

  it('takes the plain structures and leaves the rest to mailparser', async () => {
    const routes = Object.fromEntries(await Promise.all(Object.entries(crafted).map(async ([name, bytes]) => [name, await decodeBoth(bytes)])));
    const toMailparser = [
      'UTF-7 text part (refused charset)',
      'multipart without a closing delimiter',
      'forwarded message part',
      'comment in Content-Type',
      'RFC 2231 boundary',
    ];
    for (const [name, route] of Object.entries(routes)) expect([name, route]).toEqual([name, toMailparser.includes(name) ? 'mailparser' : 'fast']);
  });

  it('agrees on every decoding fixture, and takes the common ones', async () => {
    const routes: Record<string, string> = {};
    for (const name of readdirSync(decodeFixtures).filter((file) => file.endsWith('.eml'))) {
      const [bytes] = await messageBytes(fixture(name));
      routes[name] = await decodeBoth(bytes as Buffer);
    }
    for (const name of ['base64-utf8.eml', 'format-flowed-delsp.eml', 'koi8-r-body.eml', 'iso-2022-jp-body.eml', 'mixed-with-attachments.eml', 'mailman-footer-part.eml', 'html-only.eml', 'mislabelled-utf8-qp-latin1.eml', 'mbox-from-line-first.eml']) {
      expect([name, routes[name]]).toEqual([name, 'fast']);
    }
    for (const name of ['forwarded-rfc822.eml', 'raw-latin1-header.eml', 'mislabelled-encoded-words.eml']) {
      expect([name, routes[name]]).toEqual([name, 'mailparser']);
    }
  });

  it('agrees on every message of the fixture archive', async () => {
    const files = readdirSync('fixtures/archive', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mail'));
    let fast = 0;
    for (const file of files) for (const bytes of await messageBytes(path.join('fixtures/archive', file))) if ((await decodeBoth(bytes)) === 'fast') fast++;
    expect(fast).toBeGreaterThan(20);
  });

  it.skipIf(!hasCorpus)('agrees on the real IETF archives of the corpus, and takes most of their messages', async () => {
    const routes: Record<string, { fast: number; mailparser: number }> = {};
    for (const file of ['mail/ancp-2010-03.mail', 'mail/ancp-2013-08.mail', 'mail/bpf-2023-07-10.eml']) {
      routes[file] = { fast: 0, mailparser: 0 };
      for (const bytes of await messageBytes(corpusPath(file))) routes[file][await decodeBoth(bytes)]++;
    }
    // Exact: a decoder that stops taking messages (and so compares nothing) fails here.
    expect(routes).toEqual({
      'mail/ancp-2010-03.mail': { fast: 32, mailparser: 4 },
      'mail/ancp-2013-08.mail': { fast: 1, mailparser: 0 },
      'mail/bpf-2023-07-10.eml': { fast: 1, mailparser: 0 },
    });
  });
});
