import { extractMentions, type Taxonomy } from '../nlp/index.js';
import type { Technology } from '../nlp/index.js';
import type { Draft, DraftReference, DraftSection, TechnologyCoverage } from './types.js';

type SectionRef = TechnologyCoverage['sections'][number];

/**
 * Whether the draft's body discusses each technology (all of the taxonomy's when no ids are given,
 * else those, in that order): a section names it (title included), or cites a reference whose RFC or
 * draft is one of the technology's. A technology found only in the references list, or only as a
 * piece of another word (`SUIT` in `suitable`), is not covered, and the verdict says which.
 */
export function draftCoverage(draft: Draft, taxonomy: Taxonomy, technologyIds?: string[]): TechnologyCoverage[] {
  const ids = technologyIds ?? taxonomy.technologies.map((technology) => technology.id);
  const discussed = sectionsDiscussing(draft, taxonomy);
  const referenced = technologiesInReferences(draft.references, taxonomy, draft.name);
  const body = draft.sections.map((section) => `${section.title}\n${section.text}`).join('\n').toLowerCase();
  return ids.map((technologyId): TechnologyCoverage => {
    const sections = discussed.get(technologyId) ?? [];
    if (sections.length) return { technologyId, covered: true, sections, notCoveredBecause: null };
    const technology = taxonomy.byId(technologyId);
    const notCoveredBecause = referenced.has(technologyId)
      ? 'only-in-references'
      : technology && namedInsideOtherWords(technology, body)
        ? 'only-inside-another-word'
        : null;
    return { technologyId, covered: false, sections: [], notCoveredBecause };
  });
}

/**
 * The judged draft's sections (by number, `3.5`, and each parent number, `3`) → the technologies each
 * discusses: what "section 3.5 is outdated" is about.
 */
export function sectionTechnologies(draft: Draft, taxonomy: Taxonomy): Map<string, string[]> {
  const bySection = new Map<string, string[]>();
  for (const [technologyId, sections] of sectionsDiscussing(draft, taxonomy)) {
    for (const section of sections) {
      const parts = section.number.split('.');
      for (let n = parts.length; n >= 1; n--) {
        const number = parts.slice(0, n).join('.');
        const ids = bySection.get(number) ?? [];
        if (!ids.includes(technologyId)) bySection.set(number, [...ids, technologyId]);
      }
    }
  }
  return bySection;
}

/**
 * A change log ("Changes since -04: added FDO") or the acknowledgements name technologies without
 * discussing them; they do not make a technology covered.
 */
const notDiscussion = /^(?:changes?\b|change ?log|revision history|document history|acknowledge?ments?|contributors)/i;

/** Technology id → the sections that discuss it, in document order. */
function sectionsDiscussing(draft: Draft, taxonomy: Taxonomy): Map<string, SectionRef[]> {
  const references = new Map(draft.references.map((reference) => [reference.anchor.toLowerCase(), reference]));
  const discussed = new Map<string, SectionRef[]>();
  for (const section of draft.sections) {
    if (notDiscussion.test(section.title.trim())) continue;
    const ids = new Set([...namedIn(section, taxonomy, draft.name), ...citedIn(section, references, taxonomy)]);
    for (const id of ids) {
      discussed.set(id, [...(discussed.get(id) ?? []), { number: section.number, title: section.title }]);
    }
  }
  return discussed;
}

function namedIn(section: DraftSection, taxonomy: Taxonomy, draftName: string): string[] {
  const text = `${section.title}\n\n${section.text}`;
  return extractMentions(taxonomy, text, `${draftName}#section-${section.number}`).map((m) => m.technologyId);
}

function citedIn(section: DraftSection, references: Map<string, DraftReference>, taxonomy: Taxonomy): string[] {
  return section.citations.flatMap((anchor) => {
    const reference = references.get(anchor.toLowerCase());
    return reference ? resolveReference(reference, taxonomy) : [];
  });
}

/** The technologies a reference entry is the specification of, by its RFC number or draft name. */
function resolveReference(reference: DraftReference, taxonomy: Taxonomy): string[] {
  const byRfc = reference.rfc === null ? undefined : taxonomy.byRfc(reference.rfc);
  const byDraft = reference.draft === null ? undefined : taxonomy.byDraft(reference.draft);
  return [byRfc, byDraft].filter((t): t is Technology => t !== undefined).map((t) => t.id);
}

/** Technologies the references list names: by RFC or draft, or in an entry's title. */
function technologiesInReferences(references: DraftReference[], taxonomy: Taxonomy, draftName: string): Set<string> {
  const ids = new Set<string>();
  for (const reference of references) {
    for (const id of resolveReference(reference, taxonomy)) ids.add(id);
    for (const mention of extractMentions(taxonomy, reference.title, `${draftName}#reference-${reference.anchor}`)) {
      ids.add(mention.technologyId);
    }
  }
  return ids;
}

/**
 * Whether the name, or an alias longer than three letters, occurs in any case as a piece of a longer
 * word (`SUIT` in `suitable`). Short aliases are left out: `BLE` in `table` or `TEE` in `guarantee`
 * would say so of almost every technology.
 */
function namedInsideOtherWords(technology: Technology, lowerCaseBody: string): boolean {
  const names = [technology.name, ...technology.aliases.filter((alias) => alias.length > 3)];
  return names.some((name) => {
    const needle = name.toLowerCase();
    for (let at = lowerCaseBody.indexOf(needle); needle && at >= 0; at = lowerCaseBody.indexOf(needle, at + 1)) {
      const before = lowerCaseBody[at - 1] ?? '';
      const after = lowerCaseBody[at + needle.length] ?? '';
      if (/[\p{L}\p{N}]/u.test(before + after)) return true;
    }
    return false;
  });
}
