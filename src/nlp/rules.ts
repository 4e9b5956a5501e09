import type { MatchRules } from './types.js';

const defaultWindow = 3;

/** A `requireNearby`/`rejectNearby` entry as lower-case words: `commission*`, `wi fi`, `#time`. */
type RulePhrase = readonly string[];

export interface NearbyRules {
  require: readonly RulePhrase[];
  reject: readonly RulePhrase[];
  window: number;
}

export function compileNearbyRules(rules: MatchRules | undefined): NearbyRules | null {
  if (!rules?.requireNearby?.length && !rules?.rejectNearby?.length) return null;
  return {
    require: (rules.requireNearby ?? []).map(rulePhrase),
    reject: (rules.rejectNearby ?? []).map(rulePhrase),
    window: rules.window ?? defaultWindow,
  };
}

/** Words as the tokenizer sees them: `Wi-Fi` is `wi fi`. */
export function rulePhrase(written: string): RulePhrase {
  return written
    .toLowerCase()
    .split(/[\s\u2010-\u2013/-]+/)
    .filter(Boolean);
}

/**
 * Whether a match of words `first`..`last` passes the rules, given the text's lower-case words: no
 * rejected phrase within `window` words on either side, and, when some are required, one of those.
 */
export function nearbyAllows(rules: NearbyRules, words: readonly string[], first: number, last: number): boolean {
  const before = words.slice(Math.max(0, first - rules.window), first);
  const after = words.slice(last + 1, last + 1 + rules.window);
  const near = (phrase: RulePhrase): boolean => occursIn(phrase, before) || occursIn(phrase, after);
  if (rules.reject.some(near)) return false;
  return rules.require.length === 0 || rules.require.some(near);
}

function occursIn(phrase: RulePhrase, words: readonly string[]): boolean {
  for (let at = 0; at + phrase.length <= words.length; at++) {
    if (phrase.every((ruleWord, k) => ruleWordMatches(ruleWord, words[at + k]!))) return true;
  }
  return false;
}

const timeOfDay = /^(?:\d{1,2}:\d{2}|\d{1,2}(?:am|pm))$/;

function ruleWordMatches(ruleWord: string, word: string): boolean {
  if (ruleWord === '#time') return timeOfDay.test(word);
  if (ruleWord.endsWith('*')) return word.startsWith(ruleWord.slice(0, -1));
  return word === ruleWord;
}
