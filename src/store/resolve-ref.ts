import type { Store } from './types.js';
import { isoDay, ListlensError, plural } from '../core/index.js';

/** A `<ref>` that names no message, or several. */
export class RefError extends ListlensError {
  override name = 'RefError';

  constructor(message: string, options?: ErrorOptions) {
    super('not-found', message, options);
  }
}

const archiveUrlPattern = /\/arch\/msg\/([^/\s]+)\/([A-Za-z0-9_-]+)\/?/;

/**
 * Resolves a `<ref>` as every command takes it: a Message-ID (with or without <>), an archive URL
 * (`https://mailarchive.ietf.org/arch/msg/<list>/<id>/`, also an `Archived-At` one), or a subject
 * substring that picks out one thread (its root is returned). Returns a Message-ID.
 */
export async function resolveRef(store: Store, ref: string): Promise<string> {
  const trimmed = ref.trim();
  const url = archiveUrlPattern.exec(trimmed);
  if (url) return byArchiveUrl(store, url[1]!, url[2]!, trimmed);
  const bare = trimmed.replace(/^<+|>+$/g, '');
  if (bare.includes('@') && !/\s/.test(bare)) {
    if (await store.message(bare)) return bare;
    throw new RefError(`no message with Message-ID <${bare}> in the store`);
  }
  return bySubject(store, trimmed);
}

/** The root of the thread the message `ref` names belongs to. */
export async function resolveThreadRoot(store: Store, ref: string): Promise<string> {
  const messageId = await resolveRef(store, ref);
  return (await store.message(messageId))?.threadRoot ?? messageId;
}

async function byArchiveUrl(store: Store, list: string, id: string, ref: string): Promise<string> {
  const found = await store.findByArchiveId(list, id);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new RefError(`archive URL ${ref} matches ${found.length} messages`);
  throw new RefError(`no message in the store has the archive URL ${ref}`);
}

async function bySubject(store: Store, text: string): Promise<string> {
  if (!text) throw new RefError('empty ref: give a Message-ID, an archive URL or a subject substring');
  const matches = await store.findBySubject(text);
  const roots: string[] = [];
  for (const id of matches) roots.push((await store.message(id))?.threadRoot ?? id);
  const distinct = [...new Set(roots)];
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.length === 0) throw new RefError(`no message subject contains "${text}"`);
  const examples = (await Promise.all(distinct.slice(0, 3).map((root) => describeThread(store, root)))).join('; ');
  throw new RefError(
    `"${text}" matches ${distinct.length} threads: ${examples}${distinct.length > 3 ? '; …' : ''}; give a Message-ID or an archive URL`,
  );
}

/** `2021-02-19 <root@id> "Subject" (26 messages)`: enough to pick one thread by its root's Message-ID. */
async function describeThread(store: Store, root: string): Promise<string> {
  const message = await store.message(root);
  const day = isoDay(message?.date ?? null, 'undated');
  return `${day} <${root}> "${message?.subject ?? ''}" (${plural((await store.threadMessages(root)).length, 'message')})`;
}
