export { parseDraft, type ParseDraftOptions } from './parse.js';
export { draftCoverage, sectionTechnologies } from './coverage.js';
export { draftLabel, splitDraftName, type DraftName } from './names.js';
export { draftRevisionOf, type DraftRevision, draftSourceFormat, type DraftSourceFormat } from './source-file.js';
export { DraftParseError } from './errors.js';
export { XmlSyntaxError } from './xml.js';
export type { Draft, DraftFormat, DraftReference, DraftSection, TechnologyCoverage } from './types.js';
