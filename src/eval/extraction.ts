import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseMessage, type Message } from '../mail/index.js';
import { expandSourcePaths, readSource } from '../sources/index.js';
import { extractMentions, type Taxonomy } from '../nlp/index.js';
import { ratio } from './score.js';

/** What a method found in one message, against the hand labels. */
export interface MethodResult {
  /** Technology ids found that the labels' vocabulary has, in order of first mention. */
  found: string[];
  /** Found and labelled. */
  correct: string[];
  /** Found, not labelled. */
  wrong: string[];
  /** Labelled, not found. */
  missed: string[];
  /** Ids found that no label of the set uses: not scored, listed so that nothing is hidden. */
  unscored: string[];
  precision: number;
  recall: number;
}

export interface MessageEvaluation {
  messageId: string;
  from: string;
  expected: string[];
  extractor: MethodResult;
  baseline: MethodResult;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** 1 when nothing was found (nothing was claimed wrongly). */
  precision: number;
  /** 1 when nothing was expected. */
  recall: number;
}

export interface ExtractionEvaluation {
  /** The technology ids the labels use anywhere: the only ones scored. */
  vocabulary: string[];
  /** Each labelled message once, in archive order; messages that ask not to be archived are left out. */
  messages: MessageEvaluation[];
  /** `extractMentions` over each message's own text. */
  extractor: Score;
  /** Case-insensitive substring search for every name and alias in the whole decoded body. */
  baseline: Score;
}

interface Label {
  noArchive: boolean;
  technologies: string[];
}

/**
 * Precision and recall of technology extraction over a labelled archive folder (`fixtures/archive/`:
 * mailboxes under it, `labels.json` beside them, keyed by Message-ID), per message and overall
 * (micro-averaged over message/technology pairs), for the extractor and for the naive baseline.
 */
export async function evaluateExtraction(
  taxonomy: Taxonomy,
  archiveDir: string,
  labelsFile = path.join(archiveDir, 'labels.json'),
): Promise<ExtractionEvaluation> {
  const labels = JSON.parse(await readFile(labelsFile, 'utf8')) as Record<string, Label>;
  const vocabulary = new Set(Object.values(labels).flatMap((label) => label.technologies));
  const messages: MessageEvaluation[] = [];
  for (const message of await messagesOf(archiveDir)) {
    const label = labels[message.messageId];
    if (!label) throw new Error(`${labelsFile}: no label for ${message.messageId}`);
    if (label.noArchive || message.noArchive) continue;
    const extracted = extractMentions(taxonomy, message.ownText, message.messageId).map((mention) => mention.technologyId);
    messages.push({
      messageId: message.messageId,
      from: message.from.name,
      expected: label.technologies,
      extractor: compare(unique(extracted), label.technologies, vocabulary),
      baseline: compare(baselineIds(taxonomy, message.text), label.technologies, vocabulary),
    });
  }
  return {
    vocabulary: [...vocabulary].sort(),
    messages,
    extractor: overall(messages.map((m) => m.extractor)),
    baseline: overall(messages.map((m) => m.baseline)),
  };
}

/** Each message of the folder's mailboxes once (a cross-posted copy is the same message). */
export async function messagesOf(archiveDir: string): Promise<Message[]> {
  const messages = new Map<string, Message>();
  for (const file of await expandSourcePaths([archiveDir])) {
    for await (const item of readSource(file)) {
      if (item.kind === 'problem') throw new Error(`${item.origin.path}:${item.origin.offset}: ${item.reason}`);
      const { message } = await parseMessage(item.bytes, { envelopeDate: item.origin.envelope?.date ?? null });
      if (!messages.has(message.messageId)) messages.set(message.messageId, message);
    }
  }
  return [...messages.values()];
}

/** The naive baseline: every technology one of whose names occurs anywhere in the body, in any case. */
function baselineIds(taxonomy: Taxonomy, body: string): string[] {
  const lower = body.toLowerCase();
  return taxonomy.technologies
    .filter((technology) => [technology.name, ...technology.aliases].some((name) => lower.includes(name.toLowerCase())))
    .map((technology) => technology.id);
}

function compare(found: string[], expected: string[], vocabulary: Set<string>): MethodResult {
  const scored = found.filter((id) => vocabulary.has(id));
  const correct = scored.filter((id) => expected.includes(id));
  const wrong = scored.filter((id) => !expected.includes(id));
  const missed = expected.filter((id) => !scored.includes(id));
  return {
    found: scored,
    correct,
    wrong,
    missed,
    unscored: found.filter((id) => !vocabulary.has(id)),
    precision: ratio(correct.length, scored.length),
    recall: ratio(correct.length, expected.length),
  };
}

function overall(results: MethodResult[]): Score {
  const truePositives = sum(results.map((r) => r.correct.length));
  const falsePositives = sum(results.map((r) => r.wrong.length));
  const falseNegatives = sum(results.map((r) => r.missed.length));
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
