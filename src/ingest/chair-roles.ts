import { ListlensError } from '../core/index.js';
import { listsOfCopies } from '../mail/index.js';
import { Datatracker, defaultDatatrackerUrl, HttpClient } from '../sources/index.js';
import type { Store } from '../store/index.js';

export interface FetchChairRolesOptions {
  http?: HttpClient;
  /** Default `https://datatracker.ietf.org`. */
  datatracker?: string;
  now?: () => Date;
}

/** Chairs change seldom: roles fetched within this long are not asked for again. */
const rolesKeptForMs = 30 * 24 * 3600 * 1000;

/**
 * Asks the datatracker who chairs each group the thread of `root` was posted to (its lists' names are
 * the groups' acronyms), for the groups whose roles are not stored or were fetched more than 30 days
 * ago, and keeps the answers in the store, where the analysis reads them. A datatracker that cannot
 * be reached or does not answer is passed over silently: the stored roles, or the other signs of
 * who chairs (the opener's sign-off, "as chair", `--chair`), serve instead.
 */
export async function fetchChairRoles(store: Store, root: string, options: FetchChairRolesOptions = {}): Promise<void> {
  const messages = await store.threadMessages((await store.message(root))?.threadRoot ?? root);
  const acronyms = listsOfCopies(messages);
  const now = options.now ?? (() => new Date());
  const http = options.http ?? new HttpClient({ retries: 1 });
  const datatracker = new Datatracker(http, options.datatracker ?? defaultDatatrackerUrl);
  try {
    for (const acronym of acronyms) {
      const stored = await store.groupChairs(acronym);
      if (stored && now().getTime() - stored.fetchedAt.getTime() < rolesKeptForMs) continue;
      try {
        const chairs = await datatracker.groupChairs(acronym);
        await store.putGroupChairs({ acronym, chairs, source: datatracker.chairRolesUrl(acronym), fetchedAt: now() });
      } catch (error) {
        if (!(error instanceof ListlensError)) throw error;
        return;
      }
    }
  } finally {
    if (!options.http) http.close();
  }
}
