import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefHtml } from '../../src/render/brief-html.js';
import { repoRoot } from '../helpers/corpus.js';
import { chromiumFlags, chromiumPath, fixtureBrief, hasChromium } from './fixture-brief.js';

const screenshot = path.join(repoRoot, 'reports', 'brief-screenshot.png');
const archiveHref = /^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/[a-z0-9-]+\/[A-Za-z0-9_-]{27}\/$/;

describe.skipIf(!hasChromium)('the briefing of the bundled archive in headless Chromium', () => {
  let work: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'listlens-browser-'));
    const file = path.join(work, 'brief.html');
    writeFileSync(file, briefHtml(await fixtureBrief()));
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: chromiumPath,
      args: [...chromiumFlags],
      viewport: { width: 1100, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('loads with no console error and asks for nothing outside the file', () => {
    expect(problems).toEqual([]);
  });

  it('shows each chart with a visible, non-empty box that holds drawn bars', async () => {
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(3);
    for (const chart of await charts.all()) {
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
      const bars = await chart.evaluate((svg) =>
        [...svg.querySelectorAll('rect')].filter((r) => r.getBoundingClientRect().width > 1 && r.getBoundingClientRect().height > 1).length,
      );
      expect(bars).toBeGreaterThan(3);
    }
  });

  it('links only to message pages of the IETF mail archive', async () => {
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(40);
    for (const href of hrefs) expect(href).toMatch(archiveHref);
  });

  it('saves a full-page screenshot for CI', async () => {
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
  });
});
