/** How an ambiguous name (`Thread`, `Matter`, `EST`, `SUIT`, ...) is told apart from the ordinary word. */
export interface MatchRules {
  /** Match names/aliases only in the casing written in the taxonomy (`EST`, not `est`). */
  caseSensitive?: boolean;
  /** When set, a match counts only with one of these words within `window` tokens of it. */
  requireNearby?: string[];
  /** A match next to one of these words (within `window` tokens) never counts. */
  rejectNearby?: string[];
  /** Tokens either side looked at by the nearby rules (default 3). */
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
