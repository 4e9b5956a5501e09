import cueData from './claim-cues.json' with { type: 'json' };
import { extractMentions, scanText } from './extract.js';
import { collapse, isQuestion, sentenceSpans } from './sentences.js';
import type { Taxonomy } from './taxonomy.js';
import type { Span } from './tokens.js';

/** What a respondent asks of a technology. */
export type ClaimKind = 'add' | 'update' | 'drop' | 'keep' | 'question' | 'mention';

/** One technology as one text speaks of it, with the sentence that decided the kind. */
export interface Claim {
  technologyId: string;
  kind: ClaimKind;
  /** The evidence sentence, as it reads in the text. */
  sentence: string;
  /** Offsets of the name (or section reference) in the text searched. */
  start: number;
  end: number;
  matched: string;
  /** `body`, or the file name of the attachment the words are in. */
  source: string;
}

export interface ClaimOptions {
  /** `body` (the default) or the attachment's file name. */
  source?: string;
  /** The judged draft's section numbers (`3.5`) → the technologies each discusses, for "section 3.5 is outdated". */
  sectionTechnologies?: ReadonlyMap<string, readonly string[]>;
}

type CueKind = Exclude<ClaimKind, 'mention' | 'question'>;
const cueKinds: readonly CueKind[] = ['keep', 'drop', 'update', 'add'];
const compile = (patterns: readonly string[]) => patterns.map((pattern) => new RegExp(pattern, 'giu'));
const cues = Object.fromEntries(cueKinds.map((kind) => [kind, compile(cueData[kind])])) as Record<CueKind, RegExp[]>;
const negatedRequest = compile(cueData.negatedRequest);
const questionStart = compile(cueData.question);
const anaphor = compile(cueData.anaphor);
const statuses = new Map(Object.entries(cueData.statuses as Record<string, CueKind>));

/** Where it counts when one message says two things of a technology: the strongest request wins. */
const strength: Record<ClaimKind, number> = { drop: 5, update: 4, add: 3, question: 2, keep: 1, mention: 0 };

interface Named {
  technologyId: string;
  start: number;
  end: number;
  matched: string;
}

interface SentenceReading {
  span: Span;
  named: Named[];
  /** The kind the sentence's own words ask for, when they ask for one and name nothing. */
  cue: ClaimKind | null;
  kinds: Map<Named, ClaimKind>;
}

/**
 * One claim per technology a text names (own words of a message, or an attached text): the kind comes
 * from cue words in the clause that names it (nearest cue first), with negation ("I don't think X needs
 * more text" keeps it), contrast ("fair, but X is a single sentence"), lists ("such as PANA and
 * Kerberos" share the clause's cue), a request in the next or previous sentence that refers to it
 * ("One more gap: Matter. It is ..."; "... That would be good to flag"), a list that follows a
 * request ending in a colon, and section references resolved through the judged draft.
 */
export function findClaims(taxonomy: Taxonomy, text: string, messageId: string, options: ClaimOptions = {}): Claim[] {
  const source = options.source ?? 'body';
  const named: Named[] = [
    ...extractMentions(taxonomy, text, messageId),
    ...sectionMentions(text, options.sectionTechnologies),
  ].sort((a, b) => a.start - b.start);
  const readings = sentenceSpans(text)
    .filter((span) => text.slice(span.start, span.end).trim() !== '')
    .map((span) => readSentence(text, span, named));
  inheritAcrossSentences(text, readings);
  const best = new Map<string, Claim>();
  for (const reading of readings) {
    for (const [mention, kind] of reading.kinds) {
      const previous = best.get(mention.technologyId);
      if (previous && strength[previous.kind] >= strength[kind]) continue;
      const sentence = collapse(text.slice(reading.span.start, reading.span.end));
      best.set(mention.technologyId, { technologyId: mention.technologyId, kind, sentence, start: mention.start, end: mention.end, matched: mention.matched, source });
    }
  }
  return [...best.values()].sort((a, b) => a.start - b.start);
}

/**
 * Claims of an attached table: a CSV whose header has a status column (`status`, `state`, `verdict`)
 * maps each row's status (missing, outdated, drop, ok ...) to a kind, for the technology its first
 * cell that is a taxonomy name names. Any other text is read as prose.
 */
export function findAttachmentClaims(taxonomy: Taxonomy, text: string, messageId: string, fileName: string, options: ClaimOptions = {}): Claim[] {
  const rows = /\.csv$/i.test(fileName) ? parseCsv(text) : [];
  const statusColumn = rows[0]?.findIndex((cell) => /^(?:status|state|verdict|assessment)$/i.test(cell.trim())) ?? -1;
  if (statusColumn < 0) return findClaims(taxonomy, text, messageId, { ...options, source: fileName });
  const claims = new Map<string, Claim>();
  for (const row of rows.slice(1)) {
    const kind = statuses.get((row[statusColumn] ?? '').trim().toLowerCase());
    const technologyId = row.map((cell) => cellTechnology(taxonomy, cell)).find((id) => id !== null);
    if (!kind || !technologyId || claims.has(technologyId)) continue;
    const line = row.join(',');
    const start = text.indexOf(line);
    claims.set(technologyId, { technologyId, kind, sentence: line, start, end: start + line.length, matched: row[0] ?? '', source: fileName });
  }
  return [...claims.values()];
}

function readSentence(text: string, span: Span, named: Named[]): SentenceReading {
  const inside = named.filter((n) => n.start >= span.start && n.start < span.end);
  const sentence = text.slice(span.start, span.end);
  const kinds = new Map<Named, ClaimKind>();
  const asked = isQuestion(sentence.trim()) && questionStart.some((re) => matches(re, sentence.trim()));
  let previousClause: { named: Named[]; kind: ClaimKind | null } | null = null;
  for (const clause of clausesOf(sentence)) {
    const from = span.start + clause.start;
    const to = span.start + clause.end;
    const clauseNamed = inside.filter((n) => n.start >= from && n.start < to);
    const clauseText = text.slice(from, to);
    const found = cueMatches(clauseText);
    if (clauseNamed.length === 0) {
      // "X is accurate as far as it goes, but it should say ...": the contrast asks for X to change.
      const request = found.find((cue) => cue.kind === 'update' || cue.kind === 'add');
      if (request && clause.contrast && previousClause?.kind === 'keep') for (const n of previousClause.named) kinds.set(n, 'update');
      previousClause = { named: [], kind: found[0]?.kind ?? null };
      continue;
    }
    for (const n of clauseNamed) {
      const nearest = nearestCue(found, n.start - from);
      kinds.set(n, asked ? 'question' : (nearest ?? 'mention'));
    }
    previousClause = { named: clauseNamed, kind: found[0]?.kind ?? null };
  }
  const cueOnly = inside.length === 0 ? (asked ? null : (cueMatches(sentence)[0]?.kind ?? null)) : null;
  return { span, named: inside, cue: cueOnly, kinds };
}

/** Requests that span sentences: see `findClaims`. Only sentences with no cue of their own inherit. */
function inheritAcrossSentences(text: string, readings: SentenceReading[]): void {
  const unasked = (r: SentenceReading) => r.named.length > 0 && [...r.kinds.values()].every((kind) => kind === 'mention');
  readings.forEach((reading, i) => {
    if (!reading.cue || reading.cue === 'keep') return;
    const sentence = text.slice(reading.span.start, reading.span.end).trim();
    const refersBack = anaphor.some((re) => matches(re, sentence));
    const previous = readings[i - 1];
    if (refersBack && previous && unasked(previous)) setAll(previous, reading.cue);
    // "... should also show where the key exchange fits. EDHOC gives ...": the request names it next.
    const next = readings[i + 1];
    if (next && !sentence.endsWith(':')) for (const [n, kind] of next.kinds) if (kind === 'mention') next.kinds.set(n, reading.cue);
    if (sentence.endsWith(':')) {
      for (const following of listAfter(text, readings, i)) if (unasked(following)) setAll(following, reading.cue);
    }
  });
  // "Second, Matter. It is missing from the survey.": the next sentence asks about the name.
  readings.forEach((reading, i) => {
    const next = readings[i + 1];
    if (!unasked(reading) || !next?.cue || next.cue === 'keep') return;
    if (/^\s*(?:it|this|they)\b/i.test(text.slice(next.span.start, next.span.end))) setAll(reading, next.cue);
  });
}

/** The sentences of the list that follows sentence `i` (lines starting `-`, `*` or a number). */
function listAfter(text: string, readings: SentenceReading[], i: number): SentenceReading[] {
  const after = readings[i]!.span.end;
  const rest = text.slice(after);
  const list = /^(?:\s*\n\s*(?:[-*•]|\d+[.)])\s[^\n]*(?:\n(?!\s*\n)[^\n]*)*)+/u.exec(rest);
  if (!list) return [];
  const end = after + list[0].length;
  return readings.slice(i + 1).filter((r) => r.span.start < end);
}

function setAll(reading: SentenceReading, kind: ClaimKind): void {
  for (const n of reading.named) reading.kinds.set(n, kind);
}

interface Clause extends Span {
  /** Starts with a contrast (`but`, `whereas`). */
  contrast: boolean;
}

/** A sentence cut at semicolons and contrasts; "not only X but also Y" and "X but not Y" stay whole. */
function clausesOf(sentence: string): Clause[] {
  const clauses: Clause[] = [];
  const boundary = /;|,?\s+(?:but|whereas|while)\s+(?!also\b|not\b)/giu;
  const notOnly = /\bnot only\b/i.test(sentence);
  let start = 0;
  let contrast = false;
  for (const match of sentence.matchAll(boundary)) {
    if (notOnly && /but/i.test(match[0])) continue;
    clauses.push({ start, end: match.index, contrast });
    start = match.index + match[0].length;
    contrast = match[0] !== ';';
  }
  clauses.push({ start, end: sentence.length, contrast });
  return clauses;
}

interface CueMatch {
  kind: CueKind;
  at: number;
}

/** Cue words of a clause, in the order of the kinds: a negated request is `keep`. */
function cueMatches(clause: string): CueMatch[] {
  const found: CueMatch[] = [];
  for (const re of negatedRequest) for (const m of clause.matchAll(re)) found.push({ kind: 'keep', at: m.index });
  if (found.length) return found;
  for (const kind of cueKinds) {
    for (const re of cues[kind]) for (const m of clause.matchAll(re)) found.push({ kind, at: m.index });
  }
  // A keep cue ("disagree with dropping") overrides the request words inside it.
  const keep = found.filter((cue) => cue.kind === 'keep');
  return keep.length ? keep : found;
}

function nearestCue(found: CueMatch[], at: number): CueKind | null {
  let best: CueMatch | null = null;
  for (const cue of found) if (!best || Math.abs(cue.at - at) < Math.abs(best.at - at)) best = cue;
  return best?.kind ?? null;
}

function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** "section 3.5", "Section 4", "§3.5": the technologies the judged draft discusses there. */
function sectionMentions(text: string, sections: ReadonlyMap<string, readonly string[]> | undefined): Named[] {
  if (!sections?.size) return [];
  const named: Named[] = [];
  for (const m of text.matchAll(/(?:\b[Ss]ections?\s+|§\s?)(\d+(?:\.\d+)*)\b/gu)) {
    for (const technologyId of sections.get(m[1]!) ?? []) {
      named.push({ technologyId, start: m.index, end: m.index + m[0].length, matched: m[0] });
    }
  }
  return named;
}

function cellTechnology(taxonomy: Taxonomy, cell: string): string | null {
  const trimmed = cell.trim();
  if (!trimmed) return null;
  const { words } = scanText(taxonomy, trimmed);
  if (words.tokens.length === 0) return null;
  const match = taxonomy.names.matchAt(words, 0, 'loose');
  return match && match.last === words.tokens.length - 1 ? match.form.technologyId : null;
}

/** Rows of a CSV text: quoted cells with doubled quotes, commas or semicolons as separators. */
function parseCsv(text: string): string[][] {
  const separator = (text.split('\n')[0] ?? '').includes(';') && !(text.split('\n')[0] ?? '').includes(',') ? ';' : ',';
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells: string[] = [];
      for (const m of line.matchAll(new RegExp(`(?:^|${separator})(?:"((?:[^"]|"")*)"|([^${separator}]*))`, 'g'))) {
        cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ''));
      }
      return cells;
    });
}

/** What a message offers for claims: its own words and its attachments (text ones carry `text`). */
export interface ClaimText {
  ownText: string;
  attachments: readonly { filename: string | null; text?: string }[];
}

/**
 * The claims of one message: its own words, then each text attachment it carries (a gap list), one
 * claim per technology, the strongest kind winning when the body and an attachment disagree.
 */
export function messageClaims(taxonomy: Taxonomy, message: ClaimText, messageId: string, options: ClaimOptions = {}): Claim[] {
  const all = [
    ...findClaims(taxonomy, message.ownText, messageId, { ...options, source: 'body' }),
    ...message.attachments.flatMap((attachment) =>
      attachment.text !== undefined && attachment.filename ? findAttachmentClaims(taxonomy, attachment.text, messageId, attachment.filename, options) : [],
    ),
  ];
  const best = new Map<string, Claim>();
  for (const claim of all) {
    const previous = best.get(claim.technologyId);
    if (!previous || strength[claim.kind] > strength[previous.kind]) best.set(claim.technologyId, claim);
  }
  return [...best.values()];
}
