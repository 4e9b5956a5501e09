import { describe, expect, it } from 'vitest';
import { archiveLink, escapeHtml, escapeMarkdown, excerpt, shorten } from '../../src/render/escape.js';

describe('text from mail in reports', () => {
  it('is escaped for HTML and Markdown', () => {
    expect(escapeHtml('<script>alert("1")</script> & \'x\'')).toBe('&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;');
    expect(escapeMarkdown('Bob](javascript:alert(1)) | *x*\n_y_')).toBe('Bob\\]\\(javascript:alert\\(1\\)\\) \\| \\*x\\* \\_y\\_');
  });

  it('links only to the archive', () => {
    expect(archiveLink('https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/')).toBe(
      'https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/',
    );
    expect(archiveLink('javascript:alert(1)')).toBeNull();
    expect(archiveLink('https://mailarchive.ietf.org.evil.example/arch/msg/iotops/x/')).toBeNull();
    expect(archiveLink(null)).toBeNull();
  });

  it('shortens at a word and keeps the matched words of a long sentence in view', () => {
    const sentence = `${'Several opening words come first here, '.repeat(4)}and only then does anyone name EDHOC at all.`;
    expect(shorten('short enough', 40)).toBe('short enough');
    expect(shorten(sentence, 40)).toBe('Several opening words come first here,…');
    const window = excerpt(sentence, 'EDHOC', 60);
    expect(window).toContain('EDHOC');
    expect(window.startsWith('…')).toBe(true);
    expect(window.length).toBeLessThanOrEqual(60);
    expect(excerpt('EDHOC comes first in this one, and then a lot more words follow it', 'EDHOC', 30)).toBe('EDHOC comes first in this…');
  });
});
