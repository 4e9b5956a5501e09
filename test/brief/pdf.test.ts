import { describe, expect, it } from 'vitest';
import { briefHtml } from '../../src/render/brief-html.js';
import { findChromium, PdfError, printPdf } from '../../src/output/pdf.js';
import { chromiumPath, fixtureBrief, hasChromium, pageCount } from './fixture-brief.js';

describe('finding Chromium', () => {
  it('takes LISTLENS_CHROMIUM first, then PATH, else reports none', () => {
    expect(findChromium({ LISTLENS_CHROMIUM: '/opt/chrome/chrome', PATH: '/usr/bin' })).toBe('/opt/chrome/chrome');
    expect(findChromium({ PATH: '/nonexistent:/also-not-there' })).toBeNull();
    if (hasChromium) expect(findChromium({ PATH: '/nonexistent:/usr/bin' })).toBe(chromiumPath);
  });

  it('says what is missing when it cannot print', async () => {
    await expect(printPdf('<p>x</p>', { chromium: '/nonexistent/chromium' })).rejects.toThrow(PdfError);
    await expect(printPdf('<p>x</p>', { chromium: '/nonexistent/chromium' })).rejects.toThrow(/could not print the PDF/);
  });
});

describe.skipIf(!hasChromium)('printing the briefing', () => {
  it('gives a PDF of at least one A4 page', async () => {
    const pdf = await printPdf(briefHtml(await fixtureBrief()), { chromium: chromiumPath });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(1);
    // A4 is 595 x 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 594\.\d+ 841\.\d+\]|\/MediaBox \[0 0 595 842\]/);
  });
});
