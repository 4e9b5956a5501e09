import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDraft } from '../draft/index.js';
import type { Draft } from '../draft/types.js';
import type { Store } from '../store/types.js';

/** A draft that could not be had, worded for the user. */
export class DraftSourceError extends Error {
  override name = 'DraftSourceError';
}

/** Loads each `--draft`: a local file (txt or XML), in the order given. */
export async function loadDrafts(_store: Store, specs: string[]): Promise<Draft[]> {
  return Promise.all(specs.map((spec) => loadDraft(spec)));
}

async function loadDraft(spec: string): Promise<Draft> {
  if (!existsSync(spec)) throw new DraftSourceError(`draft ${spec}: no such file`);
  try {
    return parseDraft(readFileSync(spec, 'utf8'), { fileName: path.basename(spec) });
  } catch (error) {
    throw new DraftSourceError(`draft ${spec}: ${(error as Error).message}`);
  }
}
