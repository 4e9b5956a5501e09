import { headerValues, rawHeaderFields, type HeaderField } from './headers.js';

/** Domains whose lists the IETF mail archive holds under their bare name. */
const IETF_DOMAINS = ['ietf.org', 'irtf.org', 'iab.org'];

interface ListCandidate {
  name: string;
  ietf: boolean;
}

/** `iotops.ietf.org` is `iotops`; another list keeps its full id (`bpf.vger.kernel.org`). */
function fromListId(id: string): ListCandidate | null {
  const clean = id.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._+-]*$/.test(clean)) return null;
  for (const domain of IETF_DOMAINS) {
    if (clean.endsWith(`.${domain}`)) return { name: clean.slice(0, -domain.length - 1), ietf: true };
  }
  return { name: clean, ietf: false };
}

/** `iotops@ietf.org` is `iotops`; another list's address reads as its list-id (`bpf.vger.kernel.org`). */
function fromListAddress(address: string): ListCandidate | null {
  const match = /^\s*<?([^@\s<>]+)@([^@\s<>]+?)>?\s*$/.exec(address.toLowerCase());
  if (!match) return null;
  const [, local = '', domain = ''] = match;
  return IETF_DOMAINS.includes(domain) ? { name: local, ietf: true } : fromListId(`${local}.${domain}`);
}

/** The id inside `List-Id: IOT Operations <iotops.ietf.org>`, or the bare value. */
function listIdValue(value: string): string {
  const bracketed = /<([^<>]*)>/.exec(value);
  return bracketed ? (bracketed[1] ?? '') : value;
}

function candidates(fields: readonly HeaderField[]): ListCandidate[] {
  const found: ListCandidate[] = [];
  for (const field of fields) {
    const candidate =
      field.name === 'list-id' ? fromListId(listIdValue(field.value))
      : field.name === 'x-beenthere' ? fromListAddress(field.value)
      : null;
    if (candidate) found.push(candidate);
  }
  return found;
}

/**
 * Every list the copy's headers name, best first: IETF/IRTF lists before others, each group in
 * header order (the topmost was the last list to relay the copy), without repeats.
 */
export function listsOfFields(fields: readonly HeaderField[]): string[] {
  const all = candidates(fields);
  const ordered = [...all.filter((c) => c.ietf), ...all.filter((c) => !c.ietf)].map((c) => c.name);
  return [...new Set(ordered)];
}

/** The addresses a list posts from (`X-BeenThere`, `List-Post`), to recognise a list in `From:`. */
export function listAddressesOfFields(fields: readonly HeaderField[]): string[] {
  const posts = headerValues(fields, 'list-post').flatMap((value) => [...value.matchAll(/mailto:([^>?\s,]+)/gi)].map((m) => m[1] ?? ''));
  const beenThere = headerValues(fields, 'x-beenthere').map((value) => value.trim());
  return [...new Set([...beenThere, ...posts].map((address) => address.toLowerCase()).filter(Boolean))];
}

/**
 * The list a copy of a message came from, from its header (`List-Id`, `X-BeenThere`): an IETF or
 * IRTF list by its bare name (`iotops`), preferred over any other list, which keeps its full
 * list-id (`bpf.vger.kernel.org`). Null when the header names no list.
 */
export function listOfCopy(bytes: Buffer): string | null {
  return listsOfFields(rawHeaderFields(bytes))[0] ?? null;
}
