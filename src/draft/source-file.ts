import { draftNameFromFileName, firstDraftNameIn, splitDraftName } from './names.js';

/** The forms a draft's source is published or written in: the text rendering, xml2rfc, kramdown-rfc. */
export type DraftSourceFormat = 'txt' | 'xml' | 'md';

/** A draft name with its revision. */
export interface DraftRevision {
  name: string;
  revision: string;
}

/** The format a draft file is stored under: by its file name's extension, else by how it begins. */
export function draftSourceFormat(fileName: string, text: string): DraftSourceFormat {
  if (/\.xml$/i.test(fileName) || /^\s*(<\?xml|<rfc\b|<!DOCTYPE rfc)/.test(text)) return 'xml';
  if (/\.(md|mkd|markdown)$/i.test(fileName) || /^---\s*\n[\s\S]*?\bdocname\s*:/i.test(text)) return 'md';
  return 'txt';
}

/**
 * The draft and revision a file is of: by its file name (`draft-foo-bar-11.unpaginated.txt`), else the
 * `docName` of xml2rfc, the `docname:` of kramdown-rfc, or the first `draft-…-NN` of a text draft's first
 * page. Null when neither names a revision.
 */
export function draftRevisionOf(fileName: string, text: string, format: DraftSourceFormat): DraftRevision | null {
  return withRevision(draftNameFromFileName(fileName)) ?? withRevision(declaredDraftName(text.slice(0, 8000), format));
}

function declaredDraftName(head: string, format: DraftSourceFormat) {
  if (format === 'txt') return firstDraftNameIn(head);
  const declared = format === 'xml' ? /\bdocName\s*=\s*["']([^"']+)["']/.exec(head)?.[1] : /^docname\s*:\s*(\S+)/im.exec(head)?.[1];
  return declared ? splitDraftName(declared) : null;
}

function withRevision(draft: { name: string; revision: string | null } | null): DraftRevision | null {
  return draft?.revision ? { name: draft.name, revision: draft.revision } : null;
}
