import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefHtml } from '../../src/render/brief-html.js';
import { findChromium, PdfError, printPdf } from '../../src/output/pdf.js';
import { chromiumPath, fixtureBrief, hasChromium, pageCount } from './fixture-brief.js';

describe('finding Chromium', () => {
  it('takes LISTLENS_CHROMIUM first, then PATH, else reports none', () => {
    expect(findChromium({ LISTLENS_CHROMIUM: '/opt/chrome/chrome', PATH: '/usr/bin' })).toBe('/opt/chrome/chrome');
    expect(findChromium({ PATH: '/nonexistent:/also-not-there' })).toBeNull();
  });

  it('takes the first directory of PATH with an executable Chromium, Debian\u2019s name first', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-chromium-'));
    try {
      const bin = (folder: string, name: string, mode = 0o755): string => {
        mkdirSync(path.join(dir, folder), { recursive: true });
        writeFileSync(path.join(dir, folder, name), '#!/bin/sh\n', { mode });
        return path.join(dir, folder, name);
      };
      bin('a', 'chromium', 0o644); // not executable: skipped
      const chrome = bin('b', 'google-chrome');
      const chromium = bin('b', 'chromium');
      const later = bin('c', 'chromium');
      const PATH = ['/nonexistent', path.join(dir, 'a'), path.join(dir, 'b'), path.join(dir, 'c')].join(path.delimiter);
      expect(findChromium({ PATH })).toBe(chromium);
      rmSync(chromium);
      expect(findChromium({ PATH })).toBe(chrome);
      rmSync(chrome);
      expect(findChromium({ PATH })).toBe(later);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
