import type { ThreadInput, ThreadNode } from '../../src/thread/index.js';

/** The forest as indented ids, two spaces a level; a placeholder's id is shown in parentheses. */
export function renderForest(forest: ThreadNode[]): string {
  const lines: string[] = [];
  const visit = (node: ThreadNode, depth: number): void => {
    lines.push('  '.repeat(depth) + (node.message ? node.id : `(${node.id})`));
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const root of forest) visit(root, 0);
  return lines.join('\n');
}

export interface MessageSpec {
  refs?: string[];
  irt?: string;
  subject?: string;
  /** Day of April 2024 and hour, or null for an undated message. */
  at?: [day: number, hour: number] | null;
}

/** A ThreadInput with the given headers; the subject defaults to one per id so nothing gathers by accident. */
export function msg(messageId: string, spec: MessageSpec = {}): ThreadInput {
  const at = spec.at === undefined ? [1, 0] : spec.at;
  return {
    messageId,
    references: spec.refs ?? [],
    inReplyTo: spec.irt ?? null,
    subject: spec.subject ?? `Topic ${messageId}`,
    date: at ? new Date(Date.UTC(2024, 3, at[0], at[1])) : null,
  };
}

/** Every message object in the forest, depth-first. */
export function messagesIn(forest: ThreadNode[]): ThreadInput[] {
  const found: ThreadInput[] = [];
  const stack = [...forest];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.message) found.push(node.message);
    stack.push(...node.children);
  }
  return found;
}
