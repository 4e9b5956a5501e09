import type { DraftReference } from './types.js';

export interface DraftName {
  name: string;
  revision: string | null;
}

const revisioned = /^(draft-[a-z0-9.+-]+?)-(\d{2})$/i;

/** `draft-x-11` → name and revision; `draft-x-latest` and `draft-x` → no revision. */
export function splitDraftName(text: string): DraftName | null {
  const trimmed = text.trim();
  if (!/^draft-[a-z0-9.+-]+$/i.test(trimmed)) return null;
  const match = revisioned.exec(trimmed);
  if (match) return { name: match[1]!.toLowerCase(), revision: match[2]! };
  return { name: trimmed.toLowerCase().replace(/-latest$/, ''), revision: null };
}

/** The first `draft-…-NN` of a text (a text draft's first page names its draft so), or null. */
export function firstDraftNameIn(text: string): DraftName | null {
  const match = /\b(draft-[a-z0-9+-]+-\d{2})\b/i.exec(text);
  return match ? splitDraftName(match[1]!) : null;
}

/** The draft a file name is named after: `draft-x-11.unpaginated.txt` → `draft-x`, `11`. */
export function draftNameFromFileName(fileName: string): DraftName | null {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const match = /^(draft-[a-z0-9+-]+?)(?:-(\d{2}|latest))?(?:\.[^-]*)?$/i.exec(base);
  if (!match) return null;
  const revision = match[2] && match[2] !== 'latest' ? match[2] : null;
  return { name: match[1]!.toLowerCase(), revision };
}

/** Picks the source's own name; the file name fills in what the source leaves out. */
export function chooseDraftName(fromSource: DraftName | null, fileName: string | undefined): DraftName {
  const fromFile = fileName ? draftNameFromFileName(fileName) : null;
  if (fromSource?.revision) return fromSource;
  if (fromSource && fromFile && fromFile.name === fromSource.name) return fromFile;
  const stem = fileName?.split(/[\\/]/).pop()?.replace(/\.[^.]*$/, '');
  return fromSource ?? fromFile ?? { name: stem || 'unnamed-draft', revision: null };
}

/** A draft name without its revision: `draft-ietf-ace-coap-est-18` → `draft-ietf-ace-coap-est`. */
export function withoutRevision(draftName: string): string {
  return draftName.toLowerCase().replace(/-\d{2}$/, '');
}

/** What a citation anchor alone says: `RFC8572` is RFC 8572, `I-D.ietf-ace-coap-est` a draft. */
export function anchorTarget(anchor: string): { rfc: number | null; draft: string | null } {
  const rfc = /^RFC\s?0*(\d+)$/i.exec(anchor);
  if (rfc) return { rfc: Number(rfc[1]), draft: null };
  const draft = /^I-D\.(?:draft-)?([a-z0-9.+-]+)$/i.exec(anchor);
  if (draft) return { rfc: null, draft: withoutRevision(`draft-${draft[1]!}`) };
  return { rfc: null, draft: null };
}

/**
 * A reference pulled in by name (`<?rfc include='reference.RFC.8520'?>`, an external entity or
 * `<xi:include>` of `…/bibxml3/reference.I-D.draft-ietf-x-05.xml`): anchor, RFC or draft come from the
 * name alone, with no network; the title stays empty.
 */
export function referenceFromIncludeName(includeName: string, kind: DraftReference['kind']): DraftReference | null {
  const base = (includeName.split(/[\\/]/).pop() ?? '').replace(/\.xml$/i, '');
  const rfc = /^reference\.RFC\.(\d+)$/i.exec(base);
  if (rfc) return { anchor: `RFC${rfc[1]!}`, title: '', rfc: Number(rfc[1]), draft: null, kind };
  const draft = /^reference\.I-D\.(?:draft-)?([a-z0-9.+-]+)$/i.exec(base);
  if (draft) {
    const name = withoutRevision(`draft-${draft[1]!}`);
    return { anchor: `I-D.${name.slice('draft-'.length)}`, title: '', rfc: null, draft: name, kind };
  }
  const other = /^reference\.(.+)$/i.exec(base);
  if (other) return { anchor: other[1]!, title: '', rfc: null, draft: null, kind };
  return null;
}

/** Normative or informative, from the title of the references section an entry is under. */
export function referenceKind(sectionTitle: string): DraftReference['kind'] {
  return /\bnormative\b/i.test(sectionTitle) ? 'normative' : 'informative';
}

/** How a draft is named to people: `draft-x-11`, or `draft-x` when the revision is unknown. */
export function draftLabel(draft: DraftName): string {
  return draft.revision ? `${draft.name}-${draft.revision}` : draft.name;
}
