/**
 * How an ambiguous name (`Thread`, `Matter`, `EST`, `SUIT`, ...) is told apart from the ordinary word.
 * See docs/taxonomy.md for the full matching approach.
 */
export interface MatchRules {
  /**
   * Every word of a name or alias that is written with a capital letter must appear with exactly those
   * capitals (`EST` matches `EST`, not `est`; `Thread commissioning` matches `Thread Commissioning`, not
   * `thread commissioning`); words written all in lower case still match in any case.
   */
  caseSensitive?: boolean;
  /**
   * When set, a one-word name or alias (written without spaces: `Thread`, `CHIP`, `Wi-Fi`) counts only
   * with one of these words or phrases within `window` words of it. `commission*` matches any word
   * starting `commission`; `#time` matches a time of day (`10:00`, `9am`). Names and aliases of two
   * or more words are specific enough on their own and are not checked.
   */
  requireNearby?: string[];
  /** A one-word name or alias next to one of these words or phrases (within `window` words) never counts. */
  rejectNearby?: string[];
  /** Words either side looked at by the nearby rules (default 3). */
  window?: number;
}

/** One entry of the technology taxonomy (`src/nlp/technologies.json`, or a user's `--taxonomy` file). */
export interface Technology {
  id: string;
  name: string;
  aliases: string[];
  /** RFC numbers that define the technology. */
  rfcs: number[];
  /** Draft names without revision (`draft-ietf-anima-constrained-voucher`). */
  drafts: string[];
  org: string;
  category: string;
  rules?: MatchRules;
}

/** A technology named in a text, with its evidence. */
export interface Mention {
  technologyId: string;
  messageId: string;
  /** Character offsets of the match in the text that was searched. */
  start: number;
  end: number;
  /** The sentence the match is in, as it reads in the text. */
  sentence: string;
  /** The text that matched (`RFC 8520`, `Wi-Fi Easy Connect`). */
  matched: string;
  via: 'name' | 'alias' | 'rfc' | 'draft';
}

/** A technology-like term the taxonomy lacks, as respondents used it. */
export interface Candidate {
  term: string;
  /** Message-IDs it appears in (own text only). */
  messages: string[];
  /** How many different people used it. */
  respondents: number;
}
