import type { ChairsCall, MessageStand, ThreadSummaryReport } from '../analyse/index.js';
import { callPositions } from '../analyse/index.js';
import { isoTime as iso } from '../core/index.js';

export const threadSchema = 'listlens/thread@2';


/** The thread summary as JSON (`listlens/thread@2`, documented in docs/json.md). */
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
    timeline: report.timeline.map((entry, i) => ({
      messageId: entry.messageId,
      depth: entry.depth,
      date: iso(entry.date),
      author: entry.author,
      lists: entry.lists,
      url: entry.url,
      gist: entry.gist,
      subThread: entry.subThread,
      position: entry.position ? { stance: entry.position.stance, certain: entry.position.certain, cue: entry.position.cue } : null,
      callPosition: report.callPositions.messages[i]?.position ?? 'none',
    })),
    call: report.call ? callJson(report.call) : null,
    positions: positionsJson(report),
    tally: report.callPositions.tally,
    objections: report.callPositions.objections,
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

function callJson(call: ChairsCall) {
  return {
    kind: call.kind,
    documents: call.documents,
    question: call.question,
    options: call.options,
    deadline: call.deadline,
    deadlineText: call.deadlineText,
    opened: { messageId: call.opened.messageId, date: iso(call.opened.date), author: call.opened.author, url: call.opened.url },
    closed: call.closed
      ? { messageId: call.closed.messageId, date: iso(call.closed.date), author: call.closed.author, url: call.closed.url, statement: call.closed.statement }
      : null,
    chairs: call.chairs,
  };
}

function standJson(stand: MessageStand) {
  return {
    messageId: stand.messageId,
    date: iso(stand.date),
    url: stand.url,
    position: stand.position,
    options: stand.options,
    certain: stand.certain,
    text: stand.text,
    cue: stand.cue,
    inheritedFrom: stand.inheritedFrom,
  };
}

/** One per participant but the call's opener, by position then name; `stance`, `cue` and `messageId` as thread@1 had them. */
function positionsJson(report: ThreadSummaryReport) {
  const cueReading = new Map(report.positions.map((p) => [p.participant, p]));
  return [...report.callPositions.stands]
    .sort((a, b) => callPositions.indexOf(a.position) - callPositions.indexOf(b.position) || a.participant.localeCompare(b.participant))
    .map((stand) => {
      const cue = cueReading.get(stand.participant);
      return {
        participant: stand.participant,
        position: stand.position,
        options: stand.options,
        certain: cue ? cue.certain : stand.certain,
        evidence: stand.evidence,
        history: stand.history.map(standJson),
        organisation: stand.organisation,
        isAuthor: stand.isAuthor,
        isChair: stand.isChair,
        stance: cue?.stance ?? null,
        cue: cue?.cue ?? null,
        messageId: cue?.messageId ?? null,
      };
    });
}
