import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDraft } from '../draft/index.js';
import type { Draft } from '../draft/index.js';
import { HttpClient, HttpError } from '../sources/index.js';
import type { DraftFile, Store } from '../store/index.js';
import { type DraftSourceOptions, type DraftSpec, fetchDraft, parseDraftSpec, storedDraftFiles } from './draft-source.js';

export interface LoadDraftsOptions extends Partial<Omit<DraftSourceOptions, 'http'>> {
  http?: HttpClient;
}

/** The richest stored format is parsed: XML keeps sections and citations exact, then Markdown, then text. */
const preferredFormats = ['xml', 'md', 'txt'] as const;

/**
 * The drafts of a `--draft` list, in the order given. A local file is read as it is now (an author's
 * editor's copy changes without a new revision); a URL or a name goes through the draft store: a name
 * is resolved (latest revision unless given) and each revision downloaded once.
 */
export async function loadDrafts(store: Store, specs: string[], options: LoadDraftsOptions = {}): Promise<Draft[]> {
  const http = options.http ?? new HttpClient();
  try {
    const drafts: Draft[] = [];
    for (const text of specs) {
      const spec = parseDraftSpec(text);
      if (spec.kind === 'path') {
        drafts.push(parseDraft(readFileSync(spec.path, 'utf8'), { fileName: path.basename(spec.path) }));
      } else {
        drafts.push(parseStored(await draftFiles(store, spec, { ...options, http })));
      }
    }
    return drafts;
  } finally {
    if (!options.http) http.close();
  }
}

/**
 * A named revision already stored is used as it is; otherwise the draft store asks the network. When
 * the network cannot answer (offline, the datatracker down), a stored revision is used, with a warning.
 */
async function draftFiles(store: Store, spec: Exclude<DraftSpec, { kind: 'path' }>, options: DraftSourceOptions): Promise<DraftFile[]> {
  const stored = spec.kind === 'name' ? await storedDraftFiles(store, spec.name, spec.revision) : [];
  if (spec.kind === 'name' && spec.revision && stored.length > 0) return stored;
  try {
    return (await fetchDraft(store, spec, options)).files;
  } catch (error) {
    if (!(error instanceof HttpError) || stored.length === 0) throw error;
    options.onWarning?.(`${error.message}; using the stored ${stored[0]!.name}-${stored[0]!.revision}`);
    return stored;
  }
}

function parseStored(files: DraftFile[]): Draft {
  const file = preferredFormats.map((format) => files.find((f) => f.format === format)).find((f) => f?.text)!;
  const fileName = file.source.startsWith('http') ? (new URL(file.source).pathname.split('/').pop() ?? '') : path.basename(file.source);
  const draft = parseDraft(file.text!, { fileName });
  return { ...draft, name: file.name, revision: file.revision };
}
