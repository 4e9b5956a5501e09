import { describe, expect, it } from 'vitest';
import { flattenThread, threadMessages, threadRoot, type ThreadInput } from '../../src/thread/index.js';
import { messagesIn, msg, renderForest } from './render.js';

const render = (messages: ThreadInput[]): string => renderForest(threadMessages(messages));
const lines = (...rows: string[]): string => rows.join('\n');

describe('threadMessages: links', () => {
  it('follows References, the parent being the last reference', () => {
    const forest = render([
      msg('a', { at: [1, 9] }),
      msg('b', { refs: ['a'], at: [1, 10] }),
      msg('c', { refs: ['a', 'b'], at: [1, 11] }),
      msg('d', { refs: ['a'], at: [1, 12] }),
    ]);
    expect(forest).toBe(lines('a', '  b', '    c', '  d'));
  });

  it('uses In-Reply-To when References is absent', () => {
    expect(render([msg('a', { at: [1, 9] }), msg('b', { irt: 'a', at: [1, 10] })])).toBe(lines('a', '  b'));
  });

  it('takes the last reference over an In-Reply-To that names another message (RFC 5256)', () => {
    const forest = render([
      msg('a', { at: [1, 9] }),
      msg('b', { refs: ['a'], at: [1, 10] }),
      msg('c', { refs: ['a', 'b'], at: [1, 11] }),
      msg('d', { refs: ['a', 'b'], irt: 'c', at: [1, 12] }),
    ]);
    expect(forest).toBe(lines('a', '  b', '    c', '    d'));
  });

  it('accepts ids still wrapped in angle brackets', () => {
    expect(render([msg('a', { at: [1, 9] }), msg('b', { refs: ['<a>'], at: [1, 10] })])).toBe(lines('a', '  b'));
  });

  it('threads a reply that arrives before its parent the same as one that arrives after', () => {
    const parent = msg('root', { at: [2, 9] });
    const reply = msg('reply', { refs: ['root'], at: [2, 10] });
    const late = msg('late', { refs: ['root', 'reply'], at: [2, 11] });
    expect(render([late, reply, parent])).toBe(lines('root', '  reply', '    late'));
    expect(render([parent, reply, late])).toBe(render([late, reply, parent]));
  });
});

describe('threadMessages: missing parents', () => {
  it('groups two replies to an absent message under a placeholder', () => {
    const forest = render([msg('r1', { refs: ['gone'], at: [1, 9] }), msg('r2', { irt: 'gone', at: [1, 10] })]);
    expect(forest).toBe(lines('(gone)', '  r1', '  r2'));
  });

  it('promotes a lone reply to an absent message to the root', () => {
    expect(render([msg('r1', { refs: ['gone'] })])).toBe('r1');
  });

  it('drops an absent message in the middle of a chain, keeping the reply under the grandparent', () => {
    const forest = render([msg('a', { at: [1, 9] }), msg('c', { refs: ['a', 'b-lost'], at: [1, 10] })]);
    expect(forest).toBe(lines('a', '  c'));
  });

  it('promotes replies of a missing message under a present one', () => {
    const forest = render([
      msg('a', { at: [1, 9] }),
      msg('c1', { refs: ['a', 'lost'], at: [1, 10] }),
      msg('c2', { refs: ['a', 'lost'], at: [1, 11] }),
      msg('d', { refs: ['a'], at: [1, 12] }),
    ]);
    expect(forest).toBe(lines('a', '  c1', '  c2', '  d'));
  });

  it('nests placeholders from References chains of missing messages', () => {
    const forest = render([
      msg('x', { refs: ['p1', 'p2'], at: [1, 9] }),
      msg('y', { refs: ['p1', 'p3'], at: [1, 10] }),
    ]);
    // p2 and p3 are not at the root, so their children move up into p1.
    expect(forest).toBe(lines('(p1)', '  x', '  y'));
  });
});

describe('threadMessages: broken headers', () => {
  it('breaks a two-message loop above the earlier message', () => {
    const forest = render([msg('b', { refs: ['a'], at: [1, 10] }), msg('a', { refs: ['b'], at: [1, 9] })]);
    expect(forest).toBe(lines('a', '  b'));
  });

  it('breaks a three-message loop above the earliest message', () => {
    const forest = render([
      msg('a', { refs: ['c'], at: [1, 10] }),
      msg('b', { refs: ['a'], at: [1, 11] }),
      msg('c', { refs: ['b'], at: [1, 9] }),
    ]);
    expect(forest).toBe(lines('c', '  a', '    b'));
  });

  it('breaks a loop made by References chains at the later chain', () => {
    const forest = render([
      msg('m1', { refs: ['x', 'y'], at: [1, 9] }),
      msg('m2', { refs: ['y', 'x'], at: [1, 10] }),
    ]);
    // m1 says x -> y, m2 says y -> x; the first one wins.
    expect(forest).toBe(lines('(x)', '  m1', '  m2'));
  });

  it('ignores a self-reference', () => {
    const forest = render([
      msg('a', { refs: ['a'], at: [1, 9] }),
      msg('b', { refs: ['b', 'a', 'b'], irt: 'b', at: [1, 10] }),
    ]);
    expect(forest).toBe(lines('a', '  b'));
  });

  it('resolves conflicting References chains by the earlier message', () => {
    const forest = render([
      msg('top1', { at: [1, 8] }),
      msg('top2', { at: [1, 8] }),
      msg('m1', { refs: ['top1', 'shared-lost'], at: [1, 9] }),
      msg('m2', { refs: ['top2', 'shared-lost'], at: [1, 10] }),
    ]);
    expect(forest).toBe(lines('top1', '  m1', '  m2', 'top2'));
  });

  it("lets a message's own headers beat another message's References chain", () => {
    const forest = render([
      msg('a', { at: [1, 8] }),
      msg('c', { at: [1, 8] }),
      msg('b', { refs: ['c'], at: [1, 9] }),
      msg('x', { refs: ['a', 'b'], at: [1, 10] }),
    ]);
    expect(forest).toBe(lines('a', 'c', '  b', '    x'));
  });

  it('lets a References chain place a message that has no headers of its own', () => {
    const forest = render([
      msg('a', { at: [1, 8] }),
      msg('b', { at: [1, 9] }),
      msg('x', { refs: ['a', 'b'], at: [1, 10] }),
    ]);
    expect(forest).toBe(lines('a', '  b', '    x'));
  });

  it('keeps every copy of a repeated Message-ID, the first one holding the id', () => {
    const first = msg('dup', { at: [1, 9] });
    const second = msg('dup', { refs: ['root'], at: [1, 11] });
    const reply = msg('reply', { refs: ['dup'], at: [1, 12] });
    const forest = threadMessages([msg('root', { at: [1, 8] }), second, first, reply]);
    expect(renderForest(forest)).toBe(lines('root', '  dup (copy 2)', 'dup', '  reply'));
    expect(forest[0]?.children[0]?.message).toBe(second);
    expect(forest[1]?.message).toBe(first);
  });
});

describe('threadMessages: subject gathering', () => {
  it('puts a reply without headers under the earlier message with the same base subject', () => {
    const forest = render([
      msg('q', { subject: '[Widget] Milestones update', at: [5, 10] }),
      msg('r', { subject: 'Re: [Widget] Milestones update', at: [5, 18] }),
    ]);
    expect(forest).toBe(lines('q', '  r'));
  });

  it('gathers a Re: chain with no headers at all under its first message', () => {
    const forest = render([
      msg('r2', { subject: 'RE: Re: [ANCP] Scribe needed', at: [3, 9] }),
      msg('q', { subject: '[ANCP] Scribe needed', at: [1, 9] }),
      msg('r1', { subject: 'Re: [ANCP] Scribe needed', at: [2, 9] }),
    ]);
    expect(forest).toBe(lines('q', '  r1', '  r2'));
  });

  it('gathers across list tags and cross-posts', () => {
    const forest = render([
      msg('q', { subject: '[T2TRG] Secure IoT Bootstrapping: A Survey', at: [1, 9] }),
      msg('r', { subject: '[Iotops] Re: [T2TRG] Re: Secure IoT bootstrapping: a survey', at: [2, 9] }),
    ]);
    expect(forest).toBe(lines('q', '  r'));
  });

  it('joins the latest earlier root with that subject', () => {
    const forest = render([
      msg('jan', { subject: 'Agenda', at: [1, 9] }),
      msg('feb', { subject: 'Agenda', at: [2, 9] }),
      msg('reply', { subject: 'Re: Agenda', at: [3, 9] }),
    ]);
    expect(forest).toBe(lines('jan', 'feb', '  reply'));
  });

  it('never merges two first messages that share a subject', () => {
    const forest = render([
      msg('a', { subject: 'Scribe needed', at: [1, 9] }),
      msg('b', { subject: 'Scribe needed', at: [2, 9] }),
    ]);
    expect(forest).toBe(lines('a', 'b'));
  });

  it('does not hang a reply under a later message', () => {
    const forest = render([
      msg('early-reply', { subject: 'Re: Topic', at: [1, 9] }),
      msg('q', { subject: 'Topic', at: [2, 9] }),
    ]);
    expect(forest).toBe(lines('early-reply', 'q'));
  });

  it('groups replies to a missing first message as siblings under a subject placeholder', () => {
    const forest = render([
      msg('r1', { subject: 'Re: Lost question', at: [1, 9] }),
      msg('r2', { subject: 'Re: Lost question', at: [1, 10] }),
      msg('r3', { subject: 'Re: Re: Lost question', at: [1, 11] }),
    ]);
    expect(forest).toBe(lines('(subject r1)', '  r1', '  r2', '  r3'));
  });

  it('adds a reply without headers to a placeholder of replies with the same subject', () => {
    const forest = render([
      msg('r1', { refs: ['gone'], subject: 'Re: Poll', at: [1, 9] }),
      msg('r2', { refs: ['gone'], subject: 'Re: Poll', at: [1, 10] }),
      msg('r3', { subject: 'Re: Poll', at: [1, 11] }),
    ]);
    expect(forest).toBe(lines('(gone)', '  r1', '  r2', '  r3'));
  });

  it('moves the replies of a missing message under the earlier first message of that subject', () => {
    const forest = render([
      msg('q', { subject: 'Poll', at: [1, 8] }),
      msg('r1', { refs: ['gone'], subject: 'Re: Poll', at: [1, 9] }),
      msg('r2', { refs: ['gone'], subject: 'Re: Poll', at: [1, 10] }),
    ]);
    expect(forest).toBe(lines('q', '  r1', '  r2'));
  });

  it('ignores empty base subjects', () => {
    const forest = render([msg('a', { subject: 'Re:', at: [1, 9] }), msg('b', { subject: 'Re:', at: [1, 10] })]);
    expect(forest).toBe(lines('a', 'b'));
  });

  it('can be turned off', () => {
    const messages = [msg('q', { subject: 'Topic', at: [1, 9] }), msg('r', { subject: 'Re: Topic', at: [1, 10] })];
    expect(renderForest(threadMessages(messages, { gatherSubjects: false }))).toBe(lines('q', 'r'));
  });
});

describe('threadMessages: order', () => {
  it('sorts siblings by date, undated last, then by Message-ID', () => {
    const forest = render([
      msg('root', { at: [1, 1] }),
      msg('z-undated', { refs: ['root'], at: null }),
      msg('b-noon', { refs: ['root'], at: [1, 12] }),
      msg('a-undated', { refs: ['root'], at: null }),
      msg('c-morning', { refs: ['root'], at: [1, 8] }),
      msg('a-noon', { refs: ['root'], at: [1, 12] }),
    ]);
    expect(forest).toBe(lines('root', '  c-morning', '  a-noon', '  b-noon', '  a-undated', '  z-undated'));
  });

  it('sorts roots by the date of their first message, placeholders by their first reply', () => {
    const forest = render([
      msg('late', { at: [9, 9] }),
      msg('r2', { refs: ['gone'], at: [5, 9] }),
      msg('r1', { refs: ['gone'], at: [3, 9] }),
      msg('early', { at: [1, 9] }),
      msg('undated', { at: null }),
    ]);
    expect(forest).toBe(lines('early', '(gone)', '  r1', '  r2', 'late', 'undated'));
  });

  it('treats an invalid date like a missing one', () => {
    const broken: ThreadInput = { ...msg('broken'), date: new Date('-0-200') };
    expect(render([broken, msg('dated', { at: [1, 9] })])).toBe(lines('dated', 'broken'));
  });
});

describe('threadMessages: every message exactly once', () => {
  /** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function tangledMessages(count: number, seed: number): ThreadInput[] {
    const next = random(seed);
    const pick = (n: number): number => Math.floor(next() * n);
    // Ids drawn from a pool a bit larger than the count: repeats, missing parents, loops and self-references.
    const id = (): string => `m${pick(count + count / 4)}`;
    return Array.from({ length: count }, () =>
      msg(id(), {
        refs: Array.from({ length: pick(5) }, id),
        irt: next() < 0.3 ? id() : undefined,
        subject: `${next() < 0.5 ? 'Re: ' : ''}subject ${pick(20)}`,
        at: next() < 0.1 ? null : [1 + pick(28), pick(24)],
      }),
    );
  }

  it.each([1, 2, 3, 4, 5])('loses and repeats nothing in tangled input (seed %i)', (seed) => {
    const input = tangledMessages(2000, seed);
    const output = messagesIn(threadMessages(input));
    expect(output).toHaveLength(input.length);
    expect(new Set(output)).toEqual(new Set(input));
  });

  it('gives the same forest whatever the input order', () => {
    const input = tangledMessages(500, 7);
    const reversed = [...input].reverse();
    expect(renderForest(threadMessages(reversed))).toBe(renderForest(threadMessages(input)));
  });

  it('gives unique node ids', () => {
    const ids: string[] = [];
    const stack = threadMessages(tangledMessages(2000, 11));
    for (let node = stack.pop(); node; node = stack.pop()) {
      ids.push(node.id);
      stack.push(...node.children);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('copes with a reply chain 100,000 messages deep and 100,000 roots', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) =>
      msg(`c${i}`, { irt: i > 0 ? `c${i - 1}` : undefined, at: null }),
    );
    const deep = threadMessages(chain);
    expect(deep).toHaveLength(1);
    const flat = flattenThread(deep[0]!);
    expect(flat).toHaveLength(100_000);
    expect(flat[99_999]).toEqual({ message: chain[99_999], depth: 99_999 });

    const roots = Array.from({ length: 100_000 }, (_, i) => msg(`r${i}`, { subject: `Re: s${i % 1000}`, at: null }));
    expect(messagesIn(threadMessages(roots))).toHaveLength(100_000);
  });
});

describe('flattenThread and threadRoot', () => {
  const forest = threadMessages([
    msg('r1', { refs: ['gone'], at: [1, 9] }),
    msg('r1a', { refs: ['gone', 'r1'], at: [1, 10] }),
    msg('r2', { refs: ['gone'], at: [1, 11] }),
    msg('solo', { at: [2, 9] }),
  ]);

  it('lists a thread depth-first, placeholders taking no level', () => {
    expect(renderForest(forest)).toBe(lines('(gone)', '  r1', '    r1a', '  r2', 'solo'));
    expect(flattenThread(forest[0]!).map((line) => `${line.depth} ${line.message.messageId}`)).toEqual([
      '0 r1',
      '1 r1a',
      '0 r2',
    ]);
    expect(flattenThread(forest[1]!).map((line) => `${line.depth} ${line.message.messageId}`)).toEqual(['0 solo']);
  });

  it('names the first real message of a thread', () => {
    expect(threadRoot(forest[0]!).messageId).toBe('r1');
    expect(threadRoot(forest[1]!).messageId).toBe('solo');
  });

  it('refuses a tree with no message', () => {
    expect(() => threadRoot({ id: 'empty', message: null, children: [] })).toThrow('thread empty holds no message');
  });
});
