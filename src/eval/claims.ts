import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDraft, sectionTechnologies } from '../draft/index.js';
import { extractMentions, messageClaims, type ClaimKind, type Taxonomy } from '../nlp/index.js';
import { messagesOf } from './extraction.js';
import { ratio } from './score.js';

type LabelledClaim = ClaimKind | { kind: ClaimKind; source: string };

interface ClaimLabels {
  draft: string;
  chairs: string[];
  messages: Record<string, Record<string, LabelledClaim>>;
}

export const claimKinds: readonly ClaimKind[] = ['add', 'update', 'drop', 'keep', 'question', 'mention'];

export interface KindScore {
  kind: ClaimKind;
  labelled: number;
  found: number;
  right: number;
  precision: number;
  recall: number;
}

export interface ClaimCheck {
  messageId: string;
  technologyId: string;
  expected: ClaimKind | null;
  found: ClaimKind | null;
}

export interface ClaimMethodScore {
  perKind: KindScore[];
  /** Micro-averaged over (message, technology) pairs: a pair is right when found with the labelled kind. */
  overall: { labelled: number; found: number; right: number; precision: number; recall: number };
  /** Pairs found with another kind than labelled, found but not labelled, or labelled but not found. */
  wrong: ClaimCheck[];
}

export interface ClaimEvaluation {
  archive: string;
  messages: number;
  claims: ClaimMethodScore;
  /** Naive: every technology a message names is `add`. */
  baseline: ClaimMethodScore;
}

/**
 * Claim kinds against hand labels (`claims.json` beside an archive: per respondent message, each
 * technology's kind), judged with the labels' draft for section references, for listlens and for the
 * naive baseline. Only labelled messages are scored; technologies outside the labels' vocabulary are not.
 */
export async function evaluateClaims(taxonomy: Taxonomy, archiveDir: string, labelsFile: string, root: string): Promise<ClaimEvaluation> {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as ClaimLabels;
  const draftFile = path.resolve(root, labels.draft);
  const draft = parseDraft(readFileSync(draftFile, 'utf8'), { fileName: path.basename(draftFile) });
  const sections = sectionTechnologies(draft, taxonomy);
  const vocabulary = new Set(Object.values(labels.messages).flatMap((claims) => Object.keys(claims)));
  const ours: ClaimCheck[] = [];
  const naive: ClaimCheck[] = [];
  for (const message of await messagesOf(archiveDir)) {
    const labelled = labels.messages[message.messageId];
    if (!labelled) continue;
    const expected = new Map(Object.entries(labelled).map(([id, claim]) => [id, typeof claim === 'string' ? claim : claim.kind]));
    const found = new Map(messageClaims(taxonomy, message, message.messageId, { sectionTechnologies: sections }).map((c) => [c.technologyId, c.kind]));
    const named = new Map(extractMentions(taxonomy, message.ownText, message.messageId).map((m): [string, ClaimKind] => [m.technologyId, 'add']));
    ours.push(...checks(message.messageId, expected, found, vocabulary));
    naive.push(...checks(message.messageId, expected, named, vocabulary));
  }
  return { archive: path.relative(root, archiveDir), messages: Object.keys(labels.messages).length, claims: score(ours), baseline: score(naive) };
}

function checks(messageId: string, expected: Map<string, ClaimKind>, found: Map<string, ClaimKind>, vocabulary: Set<string>): ClaimCheck[] {
  const ids = new Set([...expected.keys(), ...[...found.keys()].filter((id) => vocabulary.has(id))]);
  return [...ids].map((technologyId) => ({ messageId, technologyId, expected: expected.get(technologyId) ?? null, found: found.get(technologyId) ?? null }));
}

function score(all: ClaimCheck[]): ClaimMethodScore {
  const perKind = claimKinds.map((kind): KindScore => {
    const labelled = all.filter((c) => c.expected === kind).length;
    const found = all.filter((c) => c.found === kind).length;
    const right = all.filter((c) => c.expected === kind && c.found === kind).length;
    return { kind, labelled, found, right, precision: ratio(right, found), recall: ratio(right, labelled) };
  });
  const labelled = all.filter((c) => c.expected !== null).length;
  const found = all.filter((c) => c.found !== null).length;
  const right = all.filter((c) => c.expected !== null && c.expected === c.found).length;
  return {
    perKind,
    overall: { labelled, found, right, precision: ratio(right, found), recall: ratio(right, labelled) },
    wrong: all.filter((c) => c.expected !== c.found),
  };
}
