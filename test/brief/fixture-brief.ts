import { existsSync } from 'node:fs';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { analyseThreadFully, type Brief } from '../../src/analyse/index.js';
import { loadDrafts } from '../../src/ingest/drafts.js';
import { fixturePath } from '../helpers/corpus.js';
import { bootstrappingRoot, openArchiveStore } from '../summary/archive.js';

export { bootstrappingRoot };

/** The bundled draft the demo judges the bundled thread against. */
export const briefDraft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');

export { chromiumFlags } from '../../src/output/pdf.js';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`${chromiumPath} not found: the browser and PDF tests of the briefing are skipped`);

/** The briefing of the bundled archive's bootstrapping thread, judged against the bundled draft. */
export async function fixtureBrief(): Promise<Brief> {
  const { store, dispose } = await openArchiveStore();
  try {
    const drafts = await loadDrafts(store, [briefDraft]);
    return await (await analyseThreadFully(store, bootstrappingRoot, { drafts, taxonomy: loadTaxonomy() })).brief();
  } finally {
    await dispose();
  }
}

/** Page objects of a PDF (`/Type /Page`, not the `/Type /Pages` tree). */
export const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
