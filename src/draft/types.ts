/** A numbered section of a draft's body (not the references, not the boilerplate). */
export interface DraftSection {
  /** `3.2`, or `A.1` for appendices. */
  number: string;
  title: string;
  /** The section's own text (without its subsections), line breaks and hyphenation repaired. */
  text: string;
}

/** An entry of the references section. */
export interface DraftReference {
  /** The citation anchor: `RFC8572`, `I-D.ietf-ace-coap-est`. */
  anchor: string;
  title: string;
  rfc: number | null;
  /** Draft name without revision. */
  draft: string | null;
  kind: 'normative' | 'informative';
}

export type DraftFormat = 'txt' | 'xml2rfc-v2' | 'xml2rfc-v3';

export interface Draft {
  /** `draft-sarikaya-t2trg-sbootstrapping`. */
  name: string;
  /** `11`, or null when the source does not say. */
  revision: string | null;
  title: string;
  format: DraftFormat;
  sections: DraftSection[];
  references: DraftReference[];
}

/** Whether, and where, a draft discusses a technology. */
export interface TechnologyCoverage {
  technologyId: string;
  covered: boolean;
  /** Sections whose body names it or cites a reference that resolves to it. */
  sections: { number: string; title: string }[];
  /** Why a technology that appears somewhere is still not covered. */
  notCoveredBecause: 'only-in-references' | 'only-inside-another-word' | null;
}
