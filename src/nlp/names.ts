import { compileNearbyRules, nearbyAllows, type NearbyRules } from './rules.js';
import { joinsName, tokenize, type Token } from './tokens.js';
import type { Technology } from './types.js';

/** One way of writing a technology's name (its name, an alias, or one of those without hyphens). */
export interface NameForm {
  technologyId: string;
  via: 'name' | 'alias';
  words: readonly string[];
  lowerWords: readonly string[];
  /** Per word: must appear with the capitals written (entries with `caseSensitive`, words with a capital). */
  exactCase: readonly boolean[];
  /** Written without spaces (`Thread`, `Wi-Fi`): the entry's nearby rules apply to it. */
  oneWord: boolean;
}

/** A name found at words `first`..`last` of a text. */
export interface NameMatch {
  form: NameForm;
  first: number;
  last: number;
}

/** The words of a text, prepared once for every lookup in it. */
export interface Words {
  text: string;
  tokens: readonly Token[];
  lower: readonly string[];
  /** Words inside a URL, an address or an RFC/draft reference: never part of a name. */
  blocked: readonly boolean[];
}

/**
 * `strict`: case and nearby rules decide, as for mentions. `loose`: any case, no rules; tells which
 * words the taxonomy knows at all (for candidates: `suit` is no mention, but no new term either).
 */
export type MatchMode = 'strict' | 'loose';

/** The lower-case words of a name as the tokenizer splits it: the key two entries must not share. */
export function nameKey(written: string): string {
  return tokenize(written)
    .map((token) => token.text.toLowerCase())
    .join(' ');
}

/**
 * Every name and alias of the taxonomy, indexed by first word, longest first, so that a text is read
 * once, left to right, taking the longest name that starts at each word.
 */
export class NameIndex {
  private readonly byFirstWord = new Map<string, NameForm[]>();
  private readonly rulesOf = new Map<string, NearbyRules>();

  constructor(technologies: readonly Technology[]) {
    const seen = new Set<string>();
    for (const technology of technologies) {
      const rules = compileNearbyRules(technology.rules);
      if (rules) this.rulesOf.set(technology.id, rules);
      for (const variant of spellings(technology.name)) this.add(technology, variant, 'name', seen);
      for (const alias of technology.aliases) {
        for (const variant of spellings(alias)) this.add(technology, variant, 'alias', seen);
      }
    }
    for (const forms of this.byFirstWord.values()) forms.sort((a, b) => b.words.length - a.words.length);
  }

  /** The longest name starting at word `i` that passes `mode`, or null. */
  matchAt(words: Words, i: number, mode: MatchMode): NameMatch | null {
    if (words.blocked[i]) return null;
    const word = words.lower[i]!;
    const singular = word.length > 2 && word.endsWith('s') ? this.byFirstWord.get(word.slice(0, -1)) : undefined;
    let best: NameMatch | null = null;
    for (const form of [...(this.byFirstWord.get(word) ?? []), ...(singular ?? [])]) {
      if (best && form.words.length <= best.last - best.first + 1) continue;
      const last = this.lastWordOf(form, words, i, mode);
      if (last < 0) continue;
      if (mode === 'strict' && form.oneWord && !this.rulesAllow(form, words, i, last)) continue;
      best = { form, first: i, last };
    }
    return best;
  }

  private add(technology: Technology, written: string, via: NameForm['via'], seen: Set<string>): void {
    const words = tokenize(written).map((token) => token.text);
    const lowerWords = words.map((word) => word.toLowerCase());
    const key = `${technology.id}\u0000${written}`;
    if (words.length === 0 || seen.has(key)) return;
    seen.add(key);
    const caseSensitive = technology.rules?.caseSensitive === true;
    const form: NameForm = {
      technologyId: technology.id,
      via,
      words,
      lowerWords,
      exactCase: words.map((word) => caseSensitive && word !== word.toLowerCase()),
      oneWord: !/\s/.test(written.trim()),
    };
    const list = this.byFirstWord.get(lowerWords[0]!) ?? [];
    list.push(form);
    this.byFirstWord.set(lowerWords[0]!, list);
  }

  /** Index of the form's last word when the form matches at word `i`, else -1. */
  private lastWordOf(form: NameForm, words: Words, i: number, mode: MatchMode): number {
    const last = i + form.words.length - 1;
    if (last >= words.tokens.length) return -1;
    for (let k = 0; k < form.words.length; k++) {
      const at = i + k;
      if (words.blocked[at]) return -1;
      if (k > 0 && !joinsName(words.text, words.tokens[at - 1]!, words.tokens[at]!)) return -1;
      if (!wordMatches(form, k, words, at, mode, at === last)) return -1;
    }
    return last;
  }

  private rulesAllow(form: NameForm, words: Words, first: number, last: number): boolean {
    const rules = this.rulesOf.get(form.technologyId);
    return !rules || nearbyAllows(rules, words.lower, first, last);
  }
}

/** Word `k` of a form against word `at` of the text; the last word of a name may take a plural `s`. */
function wordMatches(form: NameForm, k: number, words: Words, at: number, mode: MatchMode, isLast: boolean): boolean {
  const exact = mode === 'strict' && form.exactCase[k]!;
  const expected = exact ? form.words[k]! : form.lowerWords[k]!;
  const actual = exact ? words.tokens[at]!.text : words.lower[at]!;
  return actual === expected || (isLast && actual === `${expected}s`);
}

/** A name as written, and without its hyphens when it has some (`Wi-Fi` is also `WiFi`). */
function spellings(written: string): string[] {
  const joined = written.replace(/(?<=[\p{L}\p{N}])[-\u2010\u2011](?=[\p{L}\p{N}])/gu, '');
  return joined === written ? [written] : [written, joined];
}
