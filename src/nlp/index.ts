export { loadTaxonomy, type Taxonomy } from './taxonomy.js';
export { TaxonomyError } from './validate.js';
export { extractMentions } from './extract.js';
export { findCandidates, type CandidateSource } from './candidates.js';
export type { Candidate, MatchRules, Mention, Technology } from './types.js';
export { collapse, isQuestion, type Sentence, SentenceFinder, sentenceSpans, sentencesOf, wordCount } from './sentences.js';
export { substantiveSentences } from './greetings.js';
export { type Claim, type ClaimKind, type ClaimOptions, type ClaimText, findAttachmentClaims, findClaims, messageClaims } from './claims.js';
