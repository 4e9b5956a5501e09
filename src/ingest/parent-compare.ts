import { mayRepeatParent, reviseAgainstParent, type Message, type ParentText } from '../mail/index.js';
import type { CopyInput, Store } from '../store/index.js';

/** The message a reply answers: its In-Reply-To, else the last of its References. */
function parentIdOf(message: Message): string | null {
  return message.inReplyTo ?? message.references.at(-1) ?? null;
}

/**
 * Decides unprefixed text after an attribution or a quoted header block against the parent, where the
 * parent is stored already or comes in the same batch (see `reviseAgainstParent`). Only replies with
 * such text look their parent up, by Message-ID. A reply stored before its parent is not looked at again
 * when the parent comes.
 */
export async function compareWithParents(batch: CopyInput[], store: Pick<Store, 'messageText'>): Promise<void> {
  let inBatch: Map<string, ParentText> | null = null;
  for (const copy of batch) {
    const parentId = parentIdOf(copy.message);
    if (parentId === null || !mayRepeatParent(copy.message.segments)) continue;
    inBatch ??= new Map(batch.map(({ message }) => [message.messageId, { text: message.text, from: message.from }]));
    const parent = inBatch.get(parentId) ?? (await store.messageText(parentId));
    if (parent === null || parent === undefined) continue;
    const revised = reviseAgainstParent(copy.message, parent);
    if (revised) copy.message = revised;
  }
}
