import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListlensError } from '../core/index.js';

/** Printing needs a Chromium that is not there, or that failed; worded for the user. */
export class PdfError extends ListlensError {
  override name = 'PdfError';

  constructor(message: string, options?: ErrorOptions) {
    super('failed', message, options);
  }
}

const candidates = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** `$LISTLENS_CHROMIUM`, else the first Chromium on `PATH` (Debian's `chromium` first). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LISTLENS_CHROMIUM) return env.LISTLENS_CHROMIUM;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of candidates) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}

/**
 * Flags for a headless Chromium that must not touch the network (the page is self-contained) and
 * runs as root in containers (hence no sandbox). Give each run a fresh `--user-data-dir` as well.
 */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * Prints a self-contained HTML page to PDF with `chromium --headless --print-to-pdf` (a separate
 * program, so listlens needs no browser package of its own). The page's `@page` CSS sets size and margins.
 */
export async function printPdf(html: string, options: { chromium?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  const chromium = options.chromium ?? findChromium();
  if (!chromium) throw new PdfError('printing a PDF needs Chromium: install it (apt-get install chromium) or set LISTLENS_CHROMIUM');
  const work = mkdtempSync(path.join(os.tmpdir(), 'listlens-pdf-'));
  try {
    const page = path.join(work, 'page.html');
    const pdf = path.join(work, 'page.pdf');
    writeFileSync(page, html);
    const args = [...chromiumFlags, `--user-data-dir=${path.join(work, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(page).href];
    await run(chromium, args, options.timeoutMs ?? 120_000);
    const bytes = readPdf(pdf);
    if (!bytes) throw new PdfError(`${chromium} wrote no PDF`);
    return bytes;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(file: string, args: string[], timeout: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const last = stderr.trim().split('\n').filter((line) => !/dbus|unexpected operator/.test(line)).at(-1);
      reject(new PdfError(`${file} could not print the PDF: ${error.killed ? 'timed out' : (last ?? error.message)}`, { cause: error }));
    });
  });
}

function readPdf(file: string): Buffer | null {
  try {
    const bytes = readFileSync(file);
    return bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? bytes : null;
  } catch {
    return null;
  }
}
