/**
 * Checks threadMessages against an independent implementation: Mail::Thread (Debian
 * libmail-thread-perl), a Perl port of JWZ's own threading code, driven by test/thread/oracle.pl.
 *
 * What is compared is what a reader of the thread sees: which messages form a thread, and under which
 * message (or missing message) each one hangs. Sibling and root order are not compared: Mail::Thread
 * leaves them in hash order. Where Mail::Thread differs by design the test names the difference:
 * - Loops: Mail::Thread refuses the link that would close a loop, so the message it read first hangs
 *   under the one it read second. listlens breaks a loop of messages' own links above the earliest
 *   message (a message cannot answer one written after it).
 * - In-Reply-To that is not the last reference: Mail::Thread appends it to References, so it becomes
 *   the parent; listlens follows RFC 5256 (the parent is the last reference).
 * - Subject gathering: Mail::Thread strips one leading "Re: " and compares the rest exactly, so
 *   "[Widget] Re: [Gadget] Topic" stays apart from "[Gadget] Topic"; listlens compares base subjects
 *   (tags and localised leaders stripped, case folded). Mail::Thread also merges two first messages
 *   with one subject under a dummy; listlens never does (neither file here has such a pair).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/index.js';
import { readSource } from '../../src/sources/index.js';
import { threadMessages, type ThreadInput, type ThreadNode } from '../../src/thread/index.js';
import { corpusPath, fixturePath, hasCorpus, repoRoot } from '../helpers/corpus.js';

const oracleScript = path.join(repoRoot, 'test/thread/oracle.pl');
const hasMailThread = spawnSync('perl', ['-MMail::Thread', '-MEmail::Simple', '-e1']).status === 0;
if (!hasMailThread) {
  console.warn(
    'perl module Mail::Thread not found (apt-get install libmail-thread-perl libemail-simple-perl): ' +
      'oracle tests skipped',
  );
}

const fixtureMbox = fixturePath('thread/widget-2024-04.mbox');
const ancpMbox = corpusPath('mail/ancp-2010-03.mail');

// ---- reading an mbox through the real pipeline: readSource splits, parseMessage decodes -------

async function readMbox(file: string): Promise<ThreadInput[]> {
  const messages: ThreadInput[] = [];
  for await (const item of readSource(file)) {
    if (item.kind === 'problem') throw new Error(`${file}: ${item.reason}`);
    const parsed = await parseMessage(item.bytes, { envelopeDate: item.origin.envelope?.date ?? null });
    messages.push(parsed.message);
  }
  return messages;
}

// ---- comparing forests -----------------------------------------------------------------------

interface Shape {
  /** Each thread's message ids, sorted; threads sorted. */
  threads: string[][];
  /** Message id -> what it hangs under: a message id, `missing <id>`, `subject` or `root`. */
  parents: Map<string, string>;
}

interface OracleNode {
  id: string;
  placeholder: boolean;
  children: OracleNode[];
}

function runOracle(file: string, gatherSubjects: boolean): OracleNode[] {
  const args = gatherSubjects ? [oracleScript, file] : [oracleScript, '--no-subject', file];
  const run = spawnSync('perl', args, { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const roots: OracleNode[] = [];
  const open: OracleNode[] = [];
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const [depth, id, marker] = line.split('\t');
    const node: OracleNode = { id: id ?? '', placeholder: marker === 'placeholder', children: [] };
    const level = Number(depth);
    open.length = level;
    (level === 0 ? roots : (open[level - 1]?.children ?? roots)).push(node);
    open.push(node);
  }
  return roots;
}

interface NodeView<T> {
  id: string;
  real: boolean;
  subjectDummy: boolean;
  children: T[];
}

function shapeOf<T>(roots: T[], view: (node: T) => NodeView<T>): Shape {
  const threads: string[][] = [];
  const parents = new Map<string, string>();
  for (const root of roots) {
    const members: string[] = [];
    const stack: { node: T; under: string }[] = [{ node: root, under: 'root' }];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { id, real, subjectDummy, children } = view(item.node);
      if (real) {
        members.push(id);
        parents.set(id, item.under);
      }
      const label = real ? id : subjectDummy ? 'subject' : `missing ${id}`;
      for (const child of children) stack.push({ node: child, under: label });
    }
    threads.push(members.sort());
  }
  return { threads: threads.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')), parents };
}

const ourShape = (forest: ThreadNode[]): Shape =>
  shapeOf(forest, (node) => ({
    id: node.id,
    real: node.message !== null,
    subjectDummy: node.message === null && node.id.startsWith('subject '),
    children: node.children,
  }));

const oracleShape = (forest: OracleNode[]): Shape =>
  shapeOf(forest, (node) => ({
    id: node.id,
    real: !node.placeholder,
    subjectDummy: node.placeholder && node.id === 'subject dummy',
    children: node.children,
  }));

interface KnownDifference {
  ours: string;
  oracle: string;
}

function expectSameParents(ours: Shape, oracle: Shape, known: Record<string, KnownDifference> = {}): void {
  expect([...ours.parents.keys()].sort()).toEqual([...oracle.parents.keys()].sort());
  for (const [id, parent] of ours.parents) {
    const difference = known[id];
    expect({ id, parent }).toEqual({ id, parent: difference ? difference.ours : oracle.parents.get(id) });
    if (difference) expect({ id, oracle: oracle.parents.get(id) }).toEqual({ id, oracle: difference.oracle });
  }
}

/** The oracle's threads with the threads holding `a` and `b` made one. */
function mergedThreads(threads: string[][], a: string, b: string): string[][] {
  const withA = threads.find((t) => t.includes(a)) ?? [];
  const withB = threads.find((t) => t.includes(b)) ?? [];
  const rest = threads.filter((t) => t !== withA && t !== withB);
  return [...rest, [...withA, ...withB].sort()].sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''));
}

// ---- the comparisons -------------------------------------------------------------------------

describe.skipIf(!hasMailThread)('threading agrees with Mail::Thread on a hand-written mbox', () => {
  let messages: ThreadInput[] = [];
  beforeAll(async () => {
    messages = await readMbox(fixtureMbox);
  });
  const loopsAndInReplyTo: Record<string, KnownDifference> = {
    'loop-a@example.org': { ours: 'root', oracle: 'loop-b@example.org' },
    'loop-b@example.org': { ours: 'loop-a@example.org', oracle: 'root' },
    'irt-not-last@example.com': { ours: 'b2c4@mail.example.net', oracle: '20240402083000.77@example.com' },
  };

  it('reads the 20 messages', () => {
    expect(messages).toHaveLength(20);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(20);
  });

  it('links by References and In-Reply-To alike, apart from the documented loop and In-Reply-To cases', () => {
    const ours = ourShape(threadMessages(messages, { gatherSubjects: false }));
    const oracle = oracleShape(runOracle(fixtureMbox, false));
    expect(ours.threads).toEqual(oracle.threads);
    expectSameParents(ours, oracle, loopsAndInReplyTo);
    expect(ours.parents.get('poll-r1@example.com')).toBe('missing poll-0@example.com');
    expect(ours.parents.get('poll-r2@example.org')).toBe('missing poll-0@example.com');
    expect(ours.parents.get('m05@example.net')).toBe('cfa-1@example.org');
    expect(ours.parents.get('chain-b@example.net')).toBe('cfa-1@example.org');
    expect(ours.parents.get('wglc-r1@example.com')).toBe('wglc@example.org');
    expect(ours.parents.get('agenda-120@example.org')).toBe('root');
  });

  it('gathers by subject alike, except that listlens also sees through list tags', () => {
    const ours = ourShape(threadMessages(messages));
    const oracle = oracleShape(runOracle(fixtureMbox, true));
    expect(ours.threads).toEqual(mergedThreads(oracle.threads, 'registry@example.org', 'registry-r1@example.net'));
    expectSameParents(ours, oracle, {
      ...loopsAndInReplyTo,
      'registry-r1@example.net': { ours: 'registry@example.org', oracle: 'root' },
    });
    expect(ours.parents.get('subject-only@example.net')).toBe('milestones@example.org');
    expect(ours.threads).toHaveLength(7);
  });
});

const ancpTitle = 'threading agrees with Mail::Thread on the real ANCP March 2010 archive';
describe.skipIf(!hasMailThread || !hasCorpus)(ancpTitle, () => {
  let messages: ThreadInput[] = [];
  beforeAll(async () => {
    messages = await readMbox(ancpMbox);
  });

  it('reads the 36 messages', () => {
    expect(messages).toHaveLength(36);
  });

  it('gives the same threads and parents without subject gathering', () => {
    const ours = ourShape(threadMessages(messages, { gatherSubjects: false }));
    const oracle = oracleShape(runOracle(ancpMbox, false));
    expect(ours.threads).toEqual(oracle.threads);
    expectSameParents(ours, oracle);
  });

  it('gives the same threads and parents with subject gathering', () => {
    const forest = threadMessages(messages);
    const ours = ourShape(forest);
    const oracle = oracleShape(runOracle(ancpMbox, true));
    expect(ours.threads).toEqual(oracle.threads);
    expectSameParents(ours, oracle);
    expect(forest).toHaveLength(12);
    // The agenda call itself is not in the file: its two direct replies share a placeholder.
    expect(forest[0]?.id).toBe('A16B9A4922C4A544A94565E870362B50014B68DE@XMB-AMS-111.cisco.com');
    expect(forest[0]?.message).toBeNull();
    expect(forest[0]?.children.map((child) => child.id)).toEqual([
      'D8802B92-1105-4295-9F30-C04FE369A86D@cisco.com',
      '282BBE8A501E1F4DA9C775F964BB21FE3E8097C95E@GRFMBX704BA020.griffon.local',
    ]);
    // Its In-Reply-To names a message id the list never saw: only the subject places it.
    expect(ours.parents.get('OFB253AB3C.3AA9F319-ON482576DC.00362868-482576DC.00375D3C@zte.com.cn')).toBe(
      'OF5F20E33F.F2ACE176-ON482576DC.00339C83-482576DC.00346E18@zte.com.cn',
    );
  });
});
