import type { Store } from '../store/types.js';

/** A `<ref>` that names no message, or several. */
export class RefError extends Error {
  override name = 'RefError';
}

const archiveUrlPattern = /\/arch\/msg\/([^/\s]+)\/([A-Za-z0-9_-]+)\/?/;

/**
 * Resolves a `<ref>` as every command takes it: a Message-ID (with or without <>), an archive URL
 * (`https://mailarchive.ietf.org/arch/msg/<list>/<id>/`, also an `Archived-At` one), or a subject
 * substring that picks out one thread (its root is returned). Returns a Message-ID.
 */
export function resolveRef(store: Store, ref: string): string {
  const trimmed = ref.trim();
  const url = archiveUrlPattern.exec(trimmed);
  if (url) return byArchiveUrl(store, url[1]!, url[2]!, trimmed);
  const bare = trimmed.replace(/^<+|>+$/g, '');
  if (bare.includes('@') && !/\s/.test(bare)) {
    if (store.message(bare)) return bare;
    throw new RefError(`no message with Message-ID <${bare}> in the store`);
  }
  return bySubject(store, trimmed);
}

function byArchiveUrl(store: Store, list: string, id: string, ref: string): string {
  const found = store.findByArchiveId(list, id);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new RefError(`archive URL ${ref} matches ${found.length} messages`);
  throw new RefError(`no message in the store has the archive URL ${ref}`);
}

function bySubject(store: Store, text: string): string {
  if (!text) throw new RefError('empty ref: give a Message-ID, an archive URL or a subject substring');
  const matches = store.findBySubject(text);
  const roots = [...new Set(matches.map((id) => store.message(id)?.threadRoot ?? id))];
  if (roots.length === 1) return roots[0]!;
  if (roots.length === 0) throw new RefError(`no message subject contains "${text}"`);
  const examples = roots.slice(0, 3).map((root) => describeThread(store, root)).join('; ');
  throw new RefError(
    `"${text}" matches ${roots.length} threads: ${examples}${roots.length > 3 ? '; …' : ''}; give a Message-ID or an archive URL`,
  );
}

/** `2021-02-19 <root@id> "Subject" (26 messages)`: enough to pick one thread by its root's Message-ID. */
function describeThread(store: Store, root: string): string {
  const message = store.message(root);
  const day = message?.date ? message.date.toISOString().slice(0, 10) : 'undated';
  return `${day} <${root}> "${message?.subject ?? ''}" (${store.threadMessages(root).length} messages)`;
}
