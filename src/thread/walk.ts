import { subjectKey } from '../mail/index.js';
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

/**
 * Where a reply changed the subject: the indexes of the lines (in reading order with their depth, as
 * `flattenThread` gives them) whose subject differs from their parent's. Each opens a sub-thread with
 * its own subject, over the lines below it.
 */
export function subThreadStarts(lines: readonly { depth: number; subject: string }[]): number[] {
  const starts: number[] = [];
  const pathKeys: string[] = [];
  lines.forEach((line, i) => {
    const key = subjectKey(line.subject);
    const parentKey = line.depth > 0 ? pathKeys[line.depth - 1] : undefined;
    pathKeys.length = line.depth;
    pathKeys.push(key);
    if (parentKey !== undefined && key !== '' && key !== parentKey) starts.push(i);
  });
  return starts;
}
