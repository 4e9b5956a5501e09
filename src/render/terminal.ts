import type { ImportSummary } from '../ingest/index.js';
import type { SearchHit, StoredMessage, ThreadSummary } from '../store/index.js';
import { isoDay, largest, plural } from '../core/index.js';
import { inertText } from './escape.js';

/** A placeholder as wide as a day: the thread list and search hits are columns. */
const day = (date: Date | null): string => isoDay(date, '????-??-??');
const minute = (date: Date | null): string =>
  date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'unknown';

/** One line a thread: root date, lists, message count, participants, base subject. */
export function renderThreadList(threads: ThreadSummary[]): string {
  if (threads.length === 0) return '';
  const listsWidth = largest(threads.map((t) => t.lists.join(',').length), 5);
  const lines = threads.map((thread) => {
    const line = [
      day(thread.firstDate),
      (inertText(thread.lists.join(',')) || '-').padEnd(listsWidth),
      plural(thread.messageCount, 'msg').padStart(8),
      plural(thread.participantCount, 'person', 'people').padStart(10),
      inertText(thread.subject) || '(no subject)',
    ].join('  ');
    // A reply that changed the subject: under its thread, with its own subject.
    const indent = ' '.repeat(10 + 2 + listsWidth + 2);
    const subs = thread.subThreads.map((sub) => `${indent}${plural(sub.messageCount, 'msg').padStart(8)}  └ ${day(sub.firstDate)} ${inertText(sub.subject) || '(no subject)'}`);
    return [line, ...subs].join('\n');
  });
  return `${lines.join('\n')}\n`;
}

const segmentLabels: Record<string, string> = {
  quote: 'quoted',
  attribution: 'attribution',
  forwarded: 'forwarded',
  signature: 'signature',
  signoff: 'sign-off',
  footer: 'list footer',
};

/** A message with its own words as they are (made inert) and everything else marked with `│` and what it is. */
export function renderMessage(message: StoredMessage): string {
  const header = [
    `Subject:    ${message.subject}`,
    `From:       ${message.from.name ? `${message.from.name} <${message.from.address}>` : message.from.address}`,
    `Date:       ${minute(message.date)}${message.dateSource === 'date' ? '' : ` (from ${message.dateSource})`}`,
    `Message-ID: <${message.messageId}>${message.messageIdSynthetic ? ' (synthesised: the message had none)' : ''}`,
    ...message.conflictingIds.map(
      (other, i) => `${i === 0 ? 'Conflicts: ' : '           '} another message has this Message-ID, stored as <${other}>`,
    ),
    ...message.copies.map((copy, i) => `${i === 0 ? 'Archive:   ' : '           '} ${copy.url ?? `(no list) ${copy.source}`}`),
    `Thread:     <${message.threadRoot}>${message.threadRoot === message.messageId ? ' (this message)' : ''}`,
    ...message.attachments.map(
      (a, i) => `${i === 0 ? 'Attachment:' : '           '} ${a.filename ?? '(unnamed)'} (${a.contentType}, ${a.size} bytes)`,
    ),
  ].map((line) => inertText(line));
  const body = message.segments.map((segment) => {
    const text = inertText(segment.text, true);
    if (segment.kind === 'own') return text;
    const marked = text.replace(/\n$/, '').split('\n').map((line) => `│ ${line}`);
    return `┌ ${segmentLabels[segment.kind]}\n${marked.join('\n')}\n`;
  });
  return `${header.join('\n')}\n\n${body.join('')}${body.join('').endsWith('\n') ? '' : '\n'}`;
}

export function renderSearchHits(hits: SearchHit[]): string {
  return hits
    .map((hit) => {
      const links = hit.copies.flatMap((copy) => (copy.url ? [`    ${inertText(copy.url)}`] : []));
      const thread = hit.threadRoot === hit.messageId ? '' : `    in thread "${inertText(hit.threadSubject)}" <${inertText(hit.threadRoot)}>\n`;
      const heading = inertText(`${day(hit.date)}  ${hit.from.name || hit.from.address}  ${hit.subject}`);
      return `${heading}\n    ${inertText(hit.snippet).replace(/\s+/g, ' ')}\n    <${inertText(hit.messageId)}>\n${thread}${links.map((link) => `${link}\n`).join('')}`;
    })
    .join('');
}

export function renderImportSummary(summary: ImportSummary): string {
  const parts = [
    `${summary.read} read`,
    `${summary.new} new`,
    ...(summary.crossPosted ? [`${summary.crossPosted} cross-posted copies`] : []),
    ...(summary.completed ? [`${summary.completed} cut-off copies completed`] : []),
    `${summary.duplicates} duplicates`,
    ...(summary.conflictingIds ? [`${summary.conflictingIds} conflicting ids`] : []),
    `${summary.skipped} skipped (no-archive)`,
    `${summary.failed} failed`,
  ];
  const nothingNew = summary.read > 0 && summary.duplicates + summary.skipped === summary.read;
  return `import: ${parts.join(', ')}${nothingNew ? ' - nothing new, all already stored' : ''}`;
}
