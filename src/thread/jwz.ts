/**
 * JWZ threading (https://www.jwz.org/doc/threading.html, RFC 5256 REFERENCES), made independent of
 * input order and linear in the number of messages and references:
 *
 * 1. Messages are taken in date order. Each Message-ID gets a container; a repeated Message-ID gets a
 *    container of its own (`<id> (copy N)`), threaded by its own headers.
 * 2. A message's parent is its last reference (RFC 5256), or In-Reply-To when it has no References,
 *    or the parent its quoted header block names (`inferredParent`) when it has neither.
 *    These links come first and always win.
 * 3. The References chains then link the remaining containers (missing messages, messages without
 *    headers): the first chain, in date order, that names a container's parent wins.
 * 4. Loops are broken afterwards in one pass: at the latest chain link of the loop, or, when the loop
 *    is made of messages' own links, above its earliest message.
 * 5. Empty containers are pruned (children promoted; at the root only a single child is).
 * 6. Optionally, roots whose subject looks like a reply join the latest earlier root with the same
 *    subject key (JWZ step 5, as the IETF archive does it).
 * 7. Siblings and roots are sorted by the date of their first message, then Message-ID.
 */
import { looksLikeReply, subjectKey } from '../mail/index.js';
import type { ThreadInput, ThreadNode, ThreadOptions } from './types.js';

type LinkKind = 'own' | 'chain';

interface Container {
  id: string;
  message: ThreadInput | null;
  parent: Container | null;
  link: LinkKind | null;
  /** When the parent link was made: a loop is cut at its latest chain link. */
  linkSeq: number;
  /** Position of the message in date order: a loop of own links is cut above its earliest message. */
  rank: number;
  children: Container[];
  /** First message in thread order, known once the container's children are sorted. */
  first: ThreadInput | null;
  visit: 'new' | 'open' | 'done';
}

interface Entry {
  container: Container;
  /** Cleaned references: no self-reference, no repeats (the last occurrence kept), parent last. */
  refs: string[];
}

/**
 * The messages as a forest of threads, roots and siblings in date order. Every input message appears
 * exactly once, whatever its headers (repeated ids, loops, self-references, missing parents).
 */
export function threadMessages(messages: ThreadInput[], options: ThreadOptions = {}): ThreadNode[] {
  const table = new Map<string, Container>();
  const entries = dateOrder(messages).map((message, rank) => addMessage(table, message, rank));
  let seq = 0;
  for (const entry of entries) seq = linkOwnParent(table, entry, seq);
  for (const entry of entries) seq = linkReferenceChain(table, entry, seq);
  const containers = [...table.values()];
  breakLoops(containers);
  let roots = pruneEmpty(attachChildren(containers));
  sortForest(roots);
  if (options.gatherSubjects ?? true) roots = gatherBySubject(roots);
  roots.sort(compareContainers);
  return toThreadNodes(roots);
}

function normaliseId(id: string): string {
  return id.trim().replace(/^<+|>+$/g, '').trim();
}

function timeOf(date: Date | null): number {
  const time = date ? date.getTime() : Number.NaN;
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/** Date order, undated last, then Message-ID: the order roots are gathered by subject in. */
export function compareMessages(a: Pick<ThreadInput, 'date' | 'messageId'>, b: Pick<ThreadInput, 'date' | 'messageId'>): number {
  const byTime = timeOf(a.date) - timeOf(b.date);
  // Two undated messages give Infinity - Infinity = NaN, which neither test passes: a tie.
  if (byTime < 0 || byTime > 0) return byTime;
  return compareText(a.messageId, b.messageId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order messages are taken in. Copies of one Message-ID with one date are told apart by their
 * headers, so which copy keeps the id does not depend on input order.
 */
function dateOrder(messages: ThreadInput[]): ThreadInput[] {
  return [...messages].sort(
    (a, b) =>
      compareMessages(a, b) ||
      compareText(a.subject, b.subject) ||
      compareText(a.references.join(' '), b.references.join(' ')) ||
      compareText(a.inReplyTo ?? '', b.inReplyTo ?? ''),
  );
}

function newContainer(id: string, message: ThreadInput | null, rank = Number.POSITIVE_INFINITY): Container {
  return { id, message, parent: null, link: null, linkSeq: 0, rank, children: [], first: message, visit: 'new' };
}

function containerFor(table: Map<string, Container>, id: string): Container {
  let container = table.get(id);
  if (!container) {
    container = newContainer(id, null);
    table.set(id, container);
  }
  return container;
}

function addMessage(table: Map<string, Container>, message: ThreadInput, rank: number): Entry {
  const ownId = normaliseId(message.messageId);
  let container = containerFor(table, ownId);
  if (container.message) {
    container = newContainer(copyId(table, ownId), message, rank);
    table.set(container.id, container);
  } else {
    container.message = message;
    container.first = message;
    container.rank = rank;
  }
  return { container, refs: cleanReferences(message, ownId) };
}

function copyId(table: Map<string, Container>, id: string): string {
  for (let n = 2; ; n++) {
    const candidate = `${id} (copy ${n})`;
    if (!table.has(candidate)) return candidate;
  }
}

function cleanReferences(message: ThreadInput, ownId: string): string[] {
  const headerParent = message.inReplyTo ? [message.inReplyTo] : message.inferredParent ? [message.inferredParent] : [];
  const named = message.references.length > 0 ? message.references : headerParent;
  const seen = new Set<string>();
  const refs: string[] = [];
  for (let i = named.length - 1; i >= 0; i--) {
    const ref = normaliseId(named[i] ?? '');
    if (ref === '' || ref === ownId || seen.has(ref)) continue;
    seen.add(ref);
    refs.push(ref);
  }
  return refs.reverse();
}

function setParent(child: Container, parent: Container, link: LinkKind, seq: number): void {
  child.parent = parent;
  child.link = link;
  child.linkSeq = seq;
}

function linkOwnParent(table: Map<string, Container>, entry: Entry, seq: number): number {
  const parentId = entry.refs[entry.refs.length - 1];
  if (parentId === undefined) return seq;
  setParent(entry.container, containerFor(table, parentId), 'own', seq);
  return seq + 1;
}

function linkReferenceChain(table: Map<string, Container>, entry: Entry, seq: number): number {
  for (let i = 1; i < entry.refs.length; i++) {
    const child = containerFor(table, entry.refs[i] ?? '');
    if (child.parent) continue;
    setParent(child, containerFor(table, entry.refs[i - 1] ?? ''), 'chain', seq++);
  }
  return seq;
}

/** Parent links form a functional graph: walk each path up once, cutting any loop met on the way. */
function breakLoops(containers: Container[]): void {
  for (const start of containers) {
    const path: Container[] = [];
    let node: Container | null = start;
    while (node && node.visit === 'new') {
      node.visit = 'open';
      path.push(node);
      node = node.parent;
    }
    if (node && node.visit === 'open') cutLoop(path.slice(path.indexOf(node)));
    for (const visited of path) visited.visit = 'done';
  }
}

function cutLoop(loop: Container[]): void {
  const chainLinks = loop.filter((c) => c.link === 'chain');
  const cut = chainLinks.length > 0
    ? chainLinks.reduce((a, b) => (b.linkSeq > a.linkSeq ? b : a))
    : loop.reduce((a, b) => (b.rank < a.rank ? b : a));
  cut.parent = null;
  cut.link = null;
}

function attachChildren(containers: Container[]): Container[] {
  const roots: Container[] = [];
  for (const container of containers) {
    if (container.parent) container.parent.children.push(container);
    else roots.push(container);
  }
  return roots;
}

/** Containers parents first, depth-first; iterative, as real threads can be thousands deep. */
function preorder(roots: Container[]): Container[] {
  const order: Container[] = [];
  const stack = [...roots].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    order.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Container);
  }
  return order;
}

/** Children before their parents. */
function postorder(roots: Container[]): Container[] {
  return preorder(roots).reverse();
}

function pruneEmpty(roots: Container[]): Container[] {
  for (const node of postorder(roots)) {
    node.children = node.children.flatMap((child) => (child.message ? [child] : child.children));
  }
  return roots.flatMap((root) => (root.message || root.children.length > 1 ? [root] : root.children));
}

function compareContainers(a: Container, b: Container): number {
  const byMessage = a.first && b.first ? compareMessages(a.first, b.first) : 0;
  if (byMessage !== 0) return byMessage;
  return compareText(a.id, b.id);
}

function sortChildren(node: Container): void {
  node.children.sort(compareContainers);
  node.first = node.message ?? node.children[0]?.first ?? null;
}

function sortForest(roots: Container[]): void {
  for (const node of postorder(roots)) sortChildren(node);
}

function gatherBySubject(roots: Container[]): Container[] {
  const kept: Container[] = [];
  const slotOf = new Map<Container, number>();
  const latestByKey = new Map<string, Container>();
  const grown = new Set<Container>();
  for (const root of [...roots].sort(compareContainers)) {
    const subject = root.first?.subject ?? '';
    const key = subjectKey(subject);
    const target = key === '' ? undefined : latestByKey.get(key);
    if (target && looksLikeReply(subject)) {
      const merged = joinRoots(target, root);
      grown.add(merged);
      if (merged !== target) {
        const slot = slotOf.get(target) ?? kept.length;
        kept[slot] = merged;
        slotOf.set(merged, slot);
        latestByKey.set(key, merged);
      }
      continue;
    }
    if (key !== '') latestByKey.set(key, root);
    slotOf.set(root, kept.length);
    kept.push(root);
  }
  for (const node of grown) sortChildren(node);
  return kept;
}

/**
 * A later reply-looking root joins an earlier one. Under a placeholder or a first message it becomes
 * a child; beside another reply (both answer a message we lack) both go under a new placeholder.
 */
function joinRoots(target: Container, joiner: Container): Container {
  const arrivals = joiner.message ? [joiner] : joiner.children;
  if (!target.message || !looksLikeReply(target.message.subject)) {
    for (const arrival of arrivals) target.children.push(arrival);
    return target;
  }
  const placeholder = newContainer(`subject ${target.id}`, null);
  placeholder.children = [target, ...arrivals];
  return placeholder;
}

function toThreadNodes(roots: Container[]): ThreadNode[] {
  const built = new Map<Container, ThreadNode>();
  for (const container of postorder(roots)) {
    built.set(container, {
      id: container.id,
      message: container.message,
      children: container.children.map((child) => built.get(child) as ThreadNode),
    });
  }
  return roots.map((root) => built.get(root) as ThreadNode);
}
