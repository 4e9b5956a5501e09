import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quotedParentOf } from '../../src/mail/index.js';
import { ownTextOf, segmentHtml, segmentPlainText } from '../../src/mail/own-text.js';
import { fixturePath } from '../helpers/corpus.js';

/**
 * Attributions, reply header blocks and separators as mail clients write them, in the languages IETF
 * participants use (fixtures/mail/reply-forms: NAME.txt or NAME.html, and NAME.own.txt, the author's
 * own words, written by hand). The quoted message never counts as the author's, with `>` or without.
 */
function sourcesIn(folder: string): string[] {
  return readdirSync(fixturePath(folder))
    .filter((file) => /\.(?:txt|html)$/.test(file) && !file.endsWith('.own.txt'))
    .map((file) => path.join(folder, file))
    .sort();
}

const forms = sourcesIn('mail/reply-forms');
/** Signatures without `-- `, client signatures and sign-offs, and short own paragraphs that are none of them. */
const signatures = sourcesIn('mail/signatures');

describe('own text of reply forms and signatures real clients write', () => {
  it('covers every form the fixtures hold', () => {
    expect(forms.length).toBeGreaterThanOrEqual(35);
    expect(signatures.length).toBeGreaterThanOrEqual(15);
  });

  it.each([...forms, ...signatures])('%s', (relative) => {
    const file = fixturePath(relative);
    const source = readFileSync(file, 'utf8');
    const segments = file.endsWith('.html') ? segmentHtml(source) : segmentPlainText(source);
    const expected = readFileSync(file.replace(/\.(?:txt|html)$/, '.own.txt'), 'utf8').trim();
    expect(ownTextOf(segments).replace(/\s+/g, ' ')).toBe(expected.replace(/\s+/g, ' '));
    if (!file.endsWith('.html')) expect(segments.map((segment) => segment.text).join('')).toBe(source);
  });

  it('marks "Thanks,\\nBob" as a sign-off and a client line as a signature', () => {
    const kinds = (name: string) => segmentPlainText(readFileSync(fixturePath(`mail/signatures/${name}.txt`), 'utf8')).map((s) => s.kind);
    expect(kinds('signoff-thanks-name')).toEqual(['own', 'signoff']);
    expect(kinds('signoff-above-quote')).toEqual(['own', 'signoff', 'attribution', 'quote']);
    expect(kinds('outlook-ios-link')).toEqual(['own', 'signature']);
    expect(kinds('contact-block-no-phone')).toEqual(['own', 'signoff', 'signature']);
  });

  it('marks a gateway\'s external-sender banner as added text, a two-language sign-off as a sign-off and a framed contact block as a signature', () => {
    const kinds = (name: string) => segmentPlainText(readFileSync(fixturePath(`mail/signatures/${name}.txt`), 'utf8')).map((s) => s.kind);
    expect(kinds('external-sender-banner')).toEqual(['footer', 'own', 'signoff']);
    expect(kinds('signoff-bilingual-name-title')).toEqual(['own', 'signoff', 'signature']);
    expect(kinds('ruled-contact-then-notice')).toEqual(['own', 'signoff', 'signature']);
    expect(kinds('name-bar-title')).toEqual(['own', 'signature']);
  });

  it('reads who sent the quoted message and when from header blocks with two-word labels ("Enviado el:", "Enviada em:")', () => {
    for (const name of ['es-outlook-enviado-el', 'pt-outlook-enviada-em', 'tr-outlook-header', 'hu-outlook-header', 'ro-original-message']) {
      const parent = quotedParentOf(segmentPlainText(readFileSync(fixturePath(`mail/reply-forms/${name}.txt`), 'utf8')));
      expect(parent?.author, name).toBe('Jane Doe <jane.doe@example.com>');
      expect(parent?.date, name).toMatch(/2021.*10:02|10:02.*2021/);
    }
  });
});
