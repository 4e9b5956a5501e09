import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownTextOf, segmentHtml, segmentPlainText } from '../../src/mail/own-text.js';
import { fixturePath } from '../helpers/corpus.js';

/**
 * Attributions, reply header blocks and separators as mail clients write them, in the languages IETF
 * participants use (fixtures/mail/reply-forms: NAME.txt or NAME.html, and NAME.own.txt, the author's
 * own words, written by hand). The quoted message never counts as the author's, with `>` or without.
 */
const dir = fixturePath('mail/reply-forms');
const names = readdirSync(dir)
  .filter((file) => /\.(?:txt|html)$/.test(file) && !file.endsWith('.own.txt'))
  .sort();

describe('own text of reply forms real clients write', () => {
  it('covers every form the fixtures hold', () => {
    expect(names.length).toBeGreaterThanOrEqual(35);
  });

  it.each(names)('%s', (file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const segments = file.endsWith('.html') ? segmentHtml(source) : segmentPlainText(source);
    const expected = readFileSync(path.join(dir, file.replace(/\.(?:txt|html)$/, '.own.txt')), 'utf8').trim();
    expect(ownTextOf(segments).replace(/\s+/g, ' ')).toBe(expected.replace(/\s+/g, ' '));
    if (!file.endsWith('.html')) expect(segments.map((segment) => segment.text).join('')).toBe(source);
  });
});
