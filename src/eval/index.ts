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
export { claimKinds, evaluateClaims, type ClaimEvaluation, type ClaimMethodScore, type KindScore } from './claims.js';
export { evaluateBareNames, evaluateChairs, type BareNameEvaluation, type ChairEvaluation } from './chairs.js';
export { type CallEvaluation, type ClassScore, evaluateCalls, evaluateHeldOut, type PositionScore } from './calls.js';
