import type { threadJson } from '../index.js';
import { pageOf } from './paging.js';

type ThreadJson = ReturnType<typeof threadJson>;

/** A message a statement rests on: its Message-ID and the archive link of its first list copy. */
export interface Citation {
  messageId: string;
  url: string | null;
}

/**
 * The thread summary as the `get_thread` tool gives it: each statement cites the messages it rests on
 * (the opening, each participant's messages, each position, each technology's messages), and every
 * list is paged by the one cursor, page n holding items n·limit onward of each, with each list's total.
 */
export function citedThreadPage(summary: ThreadJson, cursor: string | undefined, limit: number) {
  const urls = new Map(summary.timeline.map((entry) => [entry.messageId, entry.url]));
  const cite = (messageId: string): Citation => ({ messageId, url: urls.get(messageId) ?? null });
  const byAuthor = new Map<string, Citation[]>();
  for (const entry of summary.timeline) byAuthor.set(entry.author, [...(byAuthor.get(entry.author) ?? []), cite(entry.messageId)]);
  const opening = summary.timeline.find((entry) => entry.depth === 0) ?? summary.timeline[0];

  const lists = {
    timeline: summary.timeline,
    participants: summary.thread.participants.map((person) => ({ ...person, messages: byAuthor.get(person.name) ?? [] })),
    // A position cites its evidence sentence's message, else the message of its cue.
    positions: summary.positions.map((position) => ({ ...position, url: position.evidence?.url ?? (position.messageId ? urls.get(position.messageId) : undefined) ?? null })),
    technologies: summary.technologies.map((technology) => ({ ...technology, messages: technology.messages.map(cite) })),
    openQuestions: summary.openQuestions,
  };
  const page = <T>(items: readonly T[]) => pageOf(items, cursor, limit);
  const pages = {
    timeline: page(lists.timeline),
    participants: page(lists.participants),
    positions: page(lists.positions),
    technologies: page(lists.technologies),
    openQuestions: page(lists.openQuestions),
  };
  const nextCursor = Object.values(pages).find((each) => each.nextCursor)?.nextCursor;
  const { participants: _listedBelow, ...thread } = summary.thread;
  return {
    schema: summary.schema,
    thread: { ...thread, openedBy: { ...thread.openedBy, messageId: opening?.messageId ?? null } },
    drafts: summary.drafts,
    timeline: pages.timeline.items,
    participants: pages.participants.items,
    positions: pages.positions.items,
    technologies: pages.technologies.items,
    openQuestions: pages.openQuestions.items,
    totals: Object.fromEntries(Object.entries(lists).map(([name, items]) => [name, items.length])) as Record<keyof typeof lists, number>,
    ...(nextCursor ? { nextCursor } : {}),
  };
}
