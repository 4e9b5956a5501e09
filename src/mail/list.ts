import { headerValues, rawHeaderFields, type HeaderField } from './headers.js';

/** Domains whose lists the IETF mail archive holds under their bare name: the IETF's, the IRTF's, the IAB's. */
const IETF_DOMAINS: readonly string[] = ['ietf.org', 'irtf.org', 'iab.org'];

/** `t2trg@irtf.org` is at an IETF, IRTF or IAB domain. */
export function isIetfAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return at >= 0 && IETF_DOMAINS.includes(address.slice(at + 1).toLowerCase());
}

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
  return isIetfAddress(`@${domain}`) ? { name: local, ietf: true } : fromListId(`${local}.${domain}`);
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

/** Addresses at those domains that are not a list: a list's chairs, owner, bounces, a draft's authors. */
const NOT_A_LIST = /-(?:chairs|ads|owner|bounces|request|authors|all)$|^draft-/;

/**
 * Lists that received or relayed a copy: its `List-Id` lists of the IETF, IRTF and IAB (by bare name),
 * and their list addresses in `To` and `Cc`. Empty when the header cannot be read.
 */
export function addressedLists(bytes: Buffer): string[] {
  let fields: HeaderField[];
  try {
    fields = rawHeaderFields(bytes);
  } catch {
    return [];
  }
  const lists = listsOfFields(fields).filter((list) => !list.includes('.'));
  for (const value of [...headerValues(fields, 'to'), ...headerValues(fields, 'cc')]) {
    for (const match of value.matchAll(/([a-z0-9][a-z0-9._+-]*)@([a-z0-9.-]+[a-z0-9])/gi)) {
      const name = match[1]!.toLowerCase();
      if (isIetfAddress(match[0]) && !NOT_A_LIST.test(name)) lists.push(name);
    }
  }
  return [...new Set(lists)];
}

/** The lists a thread's messages were archived on, each once, sorted. */
export function listsOfCopies(messages: readonly { copies: readonly { list: string }[] }[]): string[] {
  return [...new Set(messages.flatMap((message) => message.copies.map((copy) => copy.list)).filter(Boolean))].sort();
}
