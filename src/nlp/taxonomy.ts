import { readFileSync } from 'node:fs';
import builtInEntries from './technologies.json' with { type: 'json' };
import { NameIndex, nameKey } from './names.js';
import { normaliseDraftName } from './references.js';
import type { Technology } from './types.js';
import { TaxonomyError, validateEntries } from './validate.js';

const builtInSource = 'built-in taxonomy (src/nlp/technologies.json)';

/** The technologies listlens looks for, with their names compiled once for extraction. */
export class Taxonomy {
  readonly technologies: readonly Technology[];
  /** The compiled names and aliases, used by `extractMentions` and `findCandidates`. */
  readonly names: NameIndex;
  private readonly ids: Map<string, Technology>;
  private readonly rfcs = new Map<number, Technology>();
  private readonly drafts = new Map<string, Technology>();

  /** `technologies` must be valid and free of clashes: `loadTaxonomy` makes sure of it. */
  constructor(technologies: readonly Technology[]) {
    this.technologies = technologies;
    this.ids = new Map(technologies.map((technology) => [technology.id, technology]));
    for (const technology of technologies) {
      for (const rfc of technology.rfcs) this.rfcs.set(rfc, technology);
      for (const draft of technology.drafts) this.drafts.set(draft, technology);
    }
    this.names = new NameIndex(technologies);
  }

  byId(id: string): Technology | undefined {
    return this.ids.get(id);
  }

  byRfc(rfc: number): Technology | undefined {
    return this.rfcs.get(rfc);
  }

  /** By draft name, with or without revision or `I-D.` (`I-D.ietf-ace-coap-est`, `draft-…-18`). */
  byDraft(name: string): Technology | undefined {
    return this.drafts.get(normaliseDraftName(name));
  }
}

/**
 * The built-in taxonomy with each user file merged over it, in order: an entry with an id already
 * present replaces that entry (in its place), a new id is added at the end. Throws `TaxonomyError`
 * for an unreadable or invalid file, and for a name, alias, RFC or draft that two entries claim.
 */
export function loadTaxonomy(extraFiles: readonly string[] = []): Taxonomy {
  const merged = new Map<string, { technology: Technology; source: string }>();
  const sources = [
    { content: builtInEntries as unknown, source: builtInSource },
    ...extraFiles.map((file) => ({ content: readJson(file), source: file })),
  ];
  for (const { content, source } of sources) {
    for (const technology of validateEntries(content, source)) merged.set(technology.id, { technology, source });
  }
  // Built-in entries first, so that a clash is blamed on the user's entry that causes it.
  const entries = [...merged.values()];
  checkClashes([...entries.filter((e) => e.source === builtInSource), ...entries.filter((e) => e.source !== builtInSource)]);
  return new Taxonomy(entries.map((entry) => entry.technology));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Node's message ends in `, open '<path>'`: the line names the file already.
    throw new TaxonomyError(`${file}: cannot read: ${messageOf(error).replace(/, \w+ '.*'$/s, '')}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TaxonomyError(`${file}: not valid JSON: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Each name or alias, RFC and draft must lead to one technology; the later entry is the one blamed. */
function checkClashes(entries: { technology: Technology; source: string }[]): void {
  const owners = new Map<string, string>();
  for (const { technology, source } of entries) {
    const claims: [string, string][] = [
      ...[technology.name, ...technology.aliases].map((name): [string, string] => [
        `name ${nameKey(name)}`,
        `name or alias "${name}"`,
      ]),
      ...technology.rfcs.map((rfc): [string, string] => [`rfc ${rfc}`, `RFC ${rfc}`]),
      ...technology.drafts.map((draft): [string, string] => [`draft ${draft}`, `draft ${draft}`]),
    ];
    for (const [key, what] of claims) {
      const owner = owners.get(key);
      if (owner && owner !== technology.id) {
        throw new TaxonomyError(`${source}: entry "${technology.id}": ${what} already belongs to "${owner}"`);
      }
      owners.set(key, technology.id);
    }
  }
}
