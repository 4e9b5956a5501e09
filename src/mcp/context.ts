import { type Draft, ListlensError, loadDrafts, parseDraftSpec, parseDateRange, type Store, type Taxonomy, type ThreadFilter } from '../index.js';

/** What every tool works with. */
export interface ToolContext {
  store: Store;
  taxonomy: Taxonomy;
  /** Started with `--allow-fetch`: a draft the store lacks may be downloaded (and stored), a file read. */
  allowFetch: boolean;
}

/**
 * The drafts of `specs` (`name` or `name-rev`). Without `--allow-fetch` only stored revisions are
 * used, a name without revision meaning the latest stored, so that nothing is downloaded or written.
 */
export async function draftsOf(context: ToolContext, specs: readonly string[]): Promise<Draft[]> {
  if (context.allowFetch) return loadDrafts(context.store, [...specs]);
  const stored: string[] = [];
  for (const spec of specs) {
    const parsed = parseDraftSpec(spec);
    if (parsed.kind !== 'name') {
      throw new ListlensError('usage', `draft "${spec}": give a stored draft's name (the drafts tool lists them); files and URLs need the server started with --allow-fetch`);
    }
    const revisions = await context.store.draftRevisions(parsed.name);
    const revision = parsed.revision ?? revisions.at(-1);
    if (!revision || !revisions.includes(revision)) {
      throw new ListlensError('not-found', `draft ${spec} is not in the store (the drafts tool lists those that are; \`listlens draft ${spec}\` stores it)`);
    }
    stored.push(`${parsed.name}-${revision}`);
  }
  return loadDrafts(context.store, stored);
}

/** The dates of a filter as tools take them: `since` from the start of its period, `until` to the end of its. */
export function dateFilter(since: string | undefined, until: string | undefined): Pick<ThreadFilter, 'since' | 'until'> {
  const from = since ? parseDateRange(since, `since ${since}`).since : null;
  const to = until ? parseDateRange(until, `until ${until}`).until : null;
  return { ...(from ? { since: from } : {}), ...(to ? { until: to } : {}) };
}
