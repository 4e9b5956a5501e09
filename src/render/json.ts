import type { ImportSummary } from '../ingest/index.js';
import type { SearchHit, StoredMessage, ThreadSummary } from '../store/index.js';
import { isoTime as iso } from '../core/index.js';

/** The `--json` shapes, documented in docs/json.md: change them only with the documentation. */


export function threadListJson(threads: ThreadSummary[]) {
  return threads.map((thread) => ({
    root: thread.root,
    subject: thread.subject,
    lists: thread.lists,
    messageCount: thread.messageCount,
    participantCount: thread.participantCount,
    firstDate: iso(thread.firstDate),
    lastDate: iso(thread.lastDate),
    subThreads: thread.subThreads.map((sub) => ({
      root: sub.root,
      subject: sub.subject,
      messageCount: sub.messageCount,
      firstDate: iso(sub.firstDate),
    })),
  }));
}

export function messageJson(message: StoredMessage) {
  return {
    messageId: message.messageId,
    messageIdSynthetic: message.messageIdSynthetic,
    conflictingIds: message.conflictingIds,
    date: iso(message.date),
    dateSource: message.dateSource,
    from: message.from,
    participant: message.participant,
    subject: message.subject,
    baseSubject: message.baseSubject,
    inReplyTo: message.inReplyTo,
    references: message.references,
    lists: message.copies.map((copy) => copy.list).filter(Boolean),
    copies: message.copies.map((copy) => ({
      list: copy.list,
      archiveId: copy.archiveId,
      url: copy.url,
      source: copy.source,
      offset: copy.offset,
    })),
    archivedAt: message.archivedAt,
    threadRoot: message.threadRoot,
    threadDepth: message.threadDepth,
    inferredParent: message.inferredParent,
    attachments: message.attachments,
    ownText: message.ownText,
    segments: message.segments,
    text: message.text,
    warnings: message.warnings,
  };
}

export function searchJson(hits: SearchHit[]) {
  return hits.map((hit) => ({
    messageId: hit.messageId,
    subject: hit.subject,
    from: hit.from,
    date: iso(hit.date),
    threadRoot: hit.threadRoot,
    snippet: hit.snippet,
    threadSubject: hit.threadSubject,
    copies: hit.copies,
  }));
}

export function importSummaryJson(summary: ImportSummary) {
  return {
    read: summary.read,
    new: summary.new,
    crossPosted: summary.crossPosted,
    completed: summary.completed,
    duplicates: summary.duplicates,
    conflictingIds: summary.conflictingIds,
    skipped: summary.skipped,
    failed: summary.failed,
    maildirFilesRead: summary.maildirFilesRead,
    problems: summary.problems,
  };
}
