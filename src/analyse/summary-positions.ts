import { sentencesOf } from '../nlp/index.js';

export type Stance = 'support' | 'oppose' | 'changes';

/** The position one message states on the question asked, and the words that state it. */
export interface MessagePosition {
  stance: Stance;
  /** False when the cue is hedged (`+1, but ...`, `I'd support it if ...`) or the message says yes and no. */
  certain: boolean;
  /** The cue as it reads in the message: `+1`, `I support adoption`, `needs more work`. */
  cue: string;
}

interface CueRule {
  stance: Stance;
  pattern: RegExp;
  /** The stance a negated cue states (`I don't support` opposes, `not opposed` supports), or null to drop it. */
  negated: Stance | null;
}

/** `I`, `we`, `I would`, `we do not`, `I am happy to` ...: who a cue is stated by, negations and hedges included. */
const firstPerson = String.raw`\b(?:I|we)(?:'d|'m|'ll|'re| (?:would|will|do|does|also|fully|strongly|still|really|certainly|can|could|cannot|can't|don't|do not|won't|will not|wouldn't|would not|continue to|am|are|happy to|not))*\s+`;
const adoption = String.raw`(?:the )?(?:adoption|adopting)\b`;

/** Explicit cues only: a chair reads these words as a position, whatever else the message argues. */
const cueRules: CueRule[] = [
  { stance: 'support', pattern: /(?<![\w+-])\+1(?![\d.,]\d)(?!\d)/u, negated: null },
  { stance: 'support', pattern: new RegExp(`${firstPerson}support\\b`, 'iu'), negated: 'oppose' },
  { stance: 'support', pattern: new RegExp(`\\b(?:support(?:s|ing)?|in (?:support|favou?r) of) ${adoption}`, 'iu'), negated: 'oppose' },
  { stance: 'support', pattern: new RegExp(`${firstPerson}(?:am|are)? ?in favou?r\\b`, 'iu'), negated: 'oppose' },
  { stance: 'support', pattern: /\bshould be adopted\b/iu, negated: 'oppose' },
  { stance: 'support', pattern: /\bready (?:for adoption|to (?:be )?adopt(?:ed)?)\b/iu, negated: 'oppose' },
  { stance: 'support', pattern: /\bhave (?:it|this|the (?:document|draft|survey)) in the (?:group|RG|WG)\b/iu, negated: 'oppose' },
  { stance: 'oppose', pattern: /(?<![\w+-])-1(?![\d.,]\d)(?!\d)/u, negated: null },
  { stance: 'oppose', pattern: new RegExp(`${firstPerson}(?:oppose|object)\\b`, 'iu'), negated: 'support' },
  { stance: 'oppose', pattern: new RegExp(`\\b(?:oppose[sd]?|object(?:s|ion)? to) ${adoption}`, 'iu'), negated: 'support' },
  { stance: 'oppose', pattern: /\b(?:I am|I'm|we are|we're)(?: \w+)? (?:opposed|against)\b/iu, negated: 'support' },
  { stance: 'oppose', pattern: /(?:\bnot|n't) (?:yet |quite |really )?ready\b/iu, negated: null },
  { stance: 'oppose', pattern: /\b(?:is|seems|would be) premature\b/iu, negated: 'support' },
  { stance: 'changes', pattern: /\bneeds? (?:(?:a lot of|a bit|some|much|more|further|significant|substantial) )*work\b/iu, negated: null },
  { stance: 'changes', pattern: /\b(?:more|further) work (?:is )?(?:needed|required)\b/iu, negated: null },
  { stance: 'changes', pattern: /\brequires? (?:more|further|some) work\b/iu, negated: null },
  {
    stance: 'changes',
    pattern: /\bbefore (?:the (?:group|RG|WG|research group|working group) |we |it is |it gets |being )?adopt(?:s|ing|ion|ed)?\b/iu,
    negated: null,
  },
  { stance: 'changes', pattern: /\bcondition (?:of|for) (?:the )?adoption\b/iu, negated: null },
];

const negator = /(?:\b(?:not|never|no|cannot|hardly)\b|n't\b)/iu;
const hedgeBefore = /(?:\b(?:would|could|might|may|probably|maybe|perhaps|tentatively|weakly|cautiously|conditionally|somewhat|mostly|partly)\b|'d\b)/iu;
const hedgeAfter = /\b(?:but|if|provided|providing|as long as|assuming|unless|once|only when|on condition|however|though|although)\b/iu;

interface CueMatch extends MessagePosition {
  /** Where the cue stands in its sentence. */
  start: number;
  end: number;
}

/**
 * The position a message's own text states, or null when it states none. Several cues in one message:
 * a yes or no wins over asking for changes (the changes are then comments on a yes or a no); yes and no
 * together is mixed, so the last one stands and is not certain.
 */
export function positionOf(ownText: string): MessagePosition | null {
  const matches = sentencesOf(ownText).flatMap(cuesIn);
  if (matches.length === 0) return null;
  const decided = matches.filter((match) => match.stance !== 'changes');
  const pool = decided.length > 0 ? decided : matches;
  const mixed = new Set(pool.map((match) => match.stance)).size > 1;
  const chosen = mixed ? pool.at(-1)! : (pool.find((match) => !match.certain) ?? pool[0]!);
  return { stance: chosen.stance, certain: chosen.certain && !mixed, cue: chosen.cue };
}

function cuesIn(sentence: string): CueMatch[] {
  const matches: CueMatch[] = [];
  for (const rule of cueRules) {
    const found = rule.pattern.exec(sentence);
    if (!found) continue;
    const before = clauseBefore(sentence, found.index);
    const after = sentence.slice(found.index + found[0].length);
    const negated = negator.test(before) || (rule.negated !== null && negator.test(found[0]));
    if (negated && rule.negated === null) continue;
    matches.push({
      stance: negated ? rule.negated! : rule.stance,
      certain: !hedgeBefore.test(before) && !hedgeBefore.test(found[0]) && !hedgeAfter.test(after),
      cue: found[0].trim(),
      start: found.index,
      end: found.index + found[0].length,
    });
  }
  return merged(sentence, matches);
}

/** The last few words before a cue, within its clause: where a negation or a hedge would stand. */
function clauseBefore(sentence: string, cueStart: number): string {
  const clause = sentence.slice(0, cueStart).split(/[,;:()]|\bbut\b/u).at(-1) ?? '';
  return clause.trim().split(/\s+/u).slice(-4).join(' ');
}

/** `I support` and `support adoption` overlap in `I support adoption`: one cue, the longer one's reading. */
function merged(sentence: string, matches: CueMatch[]): CueMatch[] {
  const cues: CueMatch[] = [];
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    const last = cues.at(-1);
    if (!last || match.start >= last.end) {
      cues.push(match);
      continue;
    }
    const longer = match.end - match.start > last.end - last.start ? match : last;
    const end = Math.max(last.end, match.end);
    cues[cues.length - 1] = { ...longer, certain: last.certain && match.certain, start: last.start, end, cue: sentence.slice(last.start, end).trim() };
  }
  return cues;
}
