import type { ThreadSummaryReport } from '../analyse/index.js';
import { isoTime as iso } from '../core/index.js';

export const threadSchema = 'listlens/thread@1';


/** The thread summary as JSON (`listlens/thread@1`, documented in docs/json.md). */
export function threadJson(report: ThreadSummaryReport) {
  const { header } = report;
  return {
    schema: threadSchema,
    thread: {
      root: header.root,
      subject: header.subject,
      lists: header.lists,
      firstDate: iso(header.firstDate),
      lastDate: iso(header.lastDate),
      messageCount: header.messageCount,
      participantCount: header.participants.length,
      participants: header.participants.map((p) => ({ name: p.name, messageCount: p.messageCount })),
      openedBy: { name: header.openedBy.name, date: iso(header.openedBy.date), url: header.openedBy.url },
      opening: header.opening,
      question: header.question,
    },
    timeline: report.timeline.map((entry) => ({
      messageId: entry.messageId,
      depth: entry.depth,
      date: iso(entry.date),
      author: entry.author,
      lists: entry.lists,
      url: entry.url,
      gist: entry.gist,
      subThread: entry.subThread,
      position: entry.position ? { stance: entry.position.stance, certain: entry.position.certain, cue: entry.position.cue } : null,
    })),
    positions: report.positions.map((p) => ({
      participant: p.participant,
      stance: p.stance,
      certain: p.certain,
      cue: p.cue,
      messageId: p.messageId,
    })),
    drafts: report.drafts,
    technologies: report.technologies.map((t) => ({
      id: t.id,
      name: t.name,
      raisedBy: t.raisedBy,
      messages: t.messages,
      verdicts: t.verdicts.map((v) => ({ draft: v.draft, covered: v.covered, sections: v.sections })),
    })),
    openQuestions: report.openQuestions.map((q) => ({
      messageId: q.messageId,
      author: q.author,
      date: iso(q.date),
      url: q.url,
      question: q.question,
    })),
  };
}
