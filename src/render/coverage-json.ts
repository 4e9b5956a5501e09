import type { ThreadCoverage } from '../analyse/index.js';
import { isoTime as iso } from '../core/index.js';

export const coverageSchema = 'listlens/coverage@2';


/** The coverage report as JSON (`listlens/coverage@2`: every field of @1, plus claims, verdicts and chairs; docs/json.md). */
export function coverageJson(report: ThreadCoverage) {
  const primary = report.drafts.length - 1;
  return {
    schema: coverageSchema,
    thread: {
      root: report.thread.root,
      subject: report.thread.subject,
      lists: report.thread.lists,
      messageCount: report.thread.messageCount,
      respondentCount: report.thread.respondents.length,
    },
    draft: report.drafts[primary] ? draftRef(report.drafts[primary]) : null,
    drafts: report.drafts.map(draftRef),
    technologies: report.technologies.map((raised) => ({
      id: raised.technology.id,
      name: raised.technology.name,
      aliases: raised.technology.aliases,
      messages: raised.messages,
      respondents: raised.respondents,
      covered: raised.coverage[primary]?.covered ?? false,
      draftSections: raised.coverage[primary]?.sections ?? [],
      notCoveredBecause: raised.coverage[primary]?.notCoveredBecause ?? null,
      byDraft: raised.coverage.map((coverage, i) => ({
        ...draftRef(report.drafts[i]!),
        covered: coverage.covered,
        sections: coverage.sections,
        notCoveredBecause: coverage.notCoveredBecause,
      })),
      evidence: raised.evidence.map((e) => ({ messageId: e.messageId, url: e.url, text: e.sentence })),
      claims: raised.claims.map((c) => ({
        messageId: c.messageId,
        respondent: { name: c.respondent.name, address: c.respondent.address },
        kind: c.kind,
        text: c.text,
        source: c.source,
        url: c.url,
      })),
      verdict: raised.verdict,
    })),
    chairs: report.chairs.map((chair) => ({ name: chair.name, address: chair.address, why: chair.why })),
    candidates: report.candidates.map((c) => ({
      term: c.term,
      messages: c.messages,
      respondents: c.respondents,
      inDraft: c.inDraft[primary] ?? false,
    })),
    messages: report.messages.map(({ message, url, technologyIds }) => ({
      messageId: message.messageId,
      from: { name: message.from.name, address: message.from.address },
      participant: message.participant.name,
      date: iso(message.date),
      subject: message.subject,
      lists: message.copies.map((c) => c.list).filter(Boolean),
      url,
      depth: message.threadDepth,
      technologies: technologyIds,
    })),
  };
}

function draftRef(draft: { name: string; revision: string | null }) {
  return { name: draft.name, revision: draft.revision };
}
