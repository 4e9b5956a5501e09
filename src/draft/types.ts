/**
 * A numbered section of a draft's body, appendices included (not the references, not the boilerplate,
 * not unnumbered parts such as the abstract or the authors' addresses).
 */
export interface DraftSection {
  /** `3.2`, or `A.1` for appendices. */
  number: string;
  title: string;
  /** The section's own text (without its subsections), line breaks and hyphenation repaired. */
  text: string;
  /** Anchors of the references the section's own text cites (`RFC8572`, `I-D.ietf-ace-coap-est`), once each, in order. */
  citations: string[];
}

/** An entry of the references section. */
export interface DraftReference {
  /** The citation anchor: `RFC8572`, `I-D.ietf-ace-coap-est`. */
  anchor: string;
  /** Empty when the source only names the reference (`<?rfc include='reference.RFC.8520'?>`). */
  title: string;
  rfc: number | null;
  /** Draft name without revision. */
  draft: string | null;
  kind: 'normative' | 'informative';
}

export type DraftFormat = 'txt' | 'xml2rfc-v2' | 'xml2rfc-v3' | 'kramdown-rfc';

export interface Draft {
  /** `draft-sarikaya-t2trg-sbootstrapping`. */
  name: string;
  /** `11`, or null when the source does not say. */
  revision: string | null;
  title: string;
  /** The authors' full names, where the source names them (xml2rfc's `<author fullname>`); absent otherwise. */
  authors?: string[];
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
  /**
   * Why a technology that appears somewhere is still not covered: the references list names it (by
   * RFC, draft or title) but no section does, or a name or alias of it is only a piece of a longer
   * word of the body (`SUIT` in `suitable`). Null when covered, or when the draft never names it.
   */
  notCoveredBecause: 'only-in-references' | 'only-inside-another-word' | null;
}
