import type { MatchMode, NameMatch, Words } from './names.js';
import { findAddresses, findReferences, type Reference } from './references.js';
import { SentenceFinder } from './sentences.js';
import type { Taxonomy } from './taxonomy.js';
import { tokenize, tokensInSpans } from './tokens.js';
import type { Mention } from './types.js';

/**
 * The technologies `text` names, in text order, each with its evidence: names and aliases (the longest
 * that fits, across line breaks and hyphen variants, plural allowed, case and nearby rules applied),
 * RFC numbers and draft names resolved through the taxonomy. Words inside URLs, mail addresses and
 * references are never read as names. Run it on a message's own text.
 */
export function extractMentions(taxonomy: Taxonomy, text: string, messageId: string): Mention[] {
  const scan = scanText(taxonomy, text);
  const sentences = new SentenceFinder(text);
  const mentions = [
    ...referenceMentions(taxonomy, scan.references),
    ...nameMatches(taxonomy, scan.words, 'strict').map((match) => nameMention(scan.words, match)),
  ].sort((a, b) => a.start - b.start);
  return mentions.map((found) => ({ ...found, messageId, sentence: sentences.sentenceAround(found.start, found.end) }));
}

type Found = Omit<Mention, 'messageId' | 'sentence'>;

export interface ScannedText {
  words: Words;
  references: Reference[];
}

/** The words of a text, its references, and which words are inside a URL, address or reference. */
export function scanText(taxonomy: Taxonomy, text: string): ScannedText {
  const references = findReferences(text, (name) => taxonomy.byDraft(name) !== undefined);
  const tokens = tokenize(text);
  const blocked = tokensInSpans(tokens, [...findAddresses(text), ...references]);
  return { words: { text, tokens, lower: tokens.map((token) => token.text.toLowerCase()), blocked }, references };
}

/** Names found reading left to right, each the longest that starts at its word. */
export function nameMatches(taxonomy: Taxonomy, words: Words, mode: MatchMode): NameMatch[] {
  const matches: NameMatch[] = [];
  for (let i = 0; i < words.tokens.length; i++) {
    const match = taxonomy.names.matchAt(words, i, mode);
    if (!match) continue;
    matches.push(match);
    i = match.last;
  }
  return matches;
}

function nameMention(words: Words, match: NameMatch): Found {
  const start = words.tokens[match.first]!.start;
  const end = words.tokens[match.last]!.end;
  return { technologyId: match.form.technologyId, start, end, matched: words.text.slice(start, end), via: match.form.via };
}

function referenceMentions(taxonomy: Taxonomy, references: Reference[]): Found[] {
  return references.flatMap((reference): Found[] => {
    const technology = reference.kind === 'rfc' ? taxonomy.byRfc(reference.rfc) : taxonomy.byDraft(reference.draft);
    if (!technology) return [];
    const { start, end, matched, kind } = reference;
    return [{ technologyId: technology.id, start, end, matched, via: kind }];
  });
}
