export { evaluateExtraction, type ExtractionEvaluation, type MessageEvaluation, type MethodResult, type Score } from './extraction.js';
export {
  evaluateReplySuite,
  naiveReply,
  tokenCounts,
  type CaseOutcome,
  type ReplyCaseResult,
  type ReplyGroupScore,
  type ReplyScore,
  type ReplySuiteEvaluation,
  type TokenCounts,
} from './reply-suite.js';
export { evaluateThreads, type ThreadMembership } from './threads.js';
export { evaluateVerdicts, type DraftVerdictEvaluation, type VerdictScore } from './verdicts.js';
