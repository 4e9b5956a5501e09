import type { ThreadInput, ThreadLine, ThreadNode } from './types.js';

/**
 * The thread's messages in reading order (depth-first, siblings in order) with their depth below
 * `node`. Placeholders are skipped and take no level: their children stand at the placeholder's depth,
 * so replies to a missing message read as the thread's top level.
 */
export function flattenThread(node: ThreadNode): ThreadLine[] {
  const lines: ThreadLine[] = [];
  const stack: { node: ThreadNode; depth: number }[] = [{ node, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { message, children } = item.node;
    if (message) lines.push({ message, depth: item.depth });
    const childDepth = message ? item.depth + 1 : item.depth;
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ node: children[i] as ThreadNode, depth: childDepth });
    }
  }
  return lines;
}

/** The thread's first real message in reading order: the root, or a placeholder root's first reply. */
export function threadRoot(node: ThreadNode): ThreadInput {
  const stack: ThreadNode[] = [node];
  for (let current = stack.pop(); current; current = stack.pop()) {
    if (current.message) return current.message;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as ThreadNode);
  }
  throw new Error(`thread ${node.id} holds no message`);
}
