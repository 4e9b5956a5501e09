import { isIetfAddress } from './list.js';
import type { Identity } from './types.js';

/** A mailbox as a header gives it, before repairs. */
export interface Mailbox {
  name: string;
  address: string;
}

export interface IdentityContext {
  /** The `Reply-To:` mailboxes: where a list that rewrote `From:` ("X via List") put the person. */
  replyTo?: readonly Mailbox[];
  /** The list's own addresses (`X-BeenThere`, `List-Post`), lower case. */
  listAddresses?: readonly string[];
}

/** `Jane Doe via Iotops`: Mailman's DMARC mitigation names the list after the person. */
const VIA_LIST = /\s+via\s+\S+$/i;
/** `Doe, Jane` (one comma, a few words each side), but not `Doe, Jr.`. */
const LAST_COMMA_FIRST = /^([^,@\d]+),\s*([^,@\d]+)$/;
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv|phd|ph\.d|md|esq)\.?$/i;
/** `jane at example dot com`, `jane at example.com`. */
const OBFUSCATED = /^([\w.+-]+)\s+at\s+([\w-]+(?:(?:\s+dot\s+|\s*\.\s*)[\w-]+)+)$/i;

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function stripQuotes(name: string): string {
  let result = collapse(name);
  while (/^(["'`]).*\1$/.test(result) && result.length >= 2) result = collapse(result.slice(1, -1));
  return collapse(result.replace(/^["'`]+|["'`]+$/g, ''));
}

function wordCount(text: string): number {
  return text.split(' ').filter(Boolean).length;
}

/** `Doe, Jane` becomes `Jane Doe`; quotes and a trailing `via List` are removed. */
export function normaliseDisplayName(name: string): string {
  const unquoted = stripQuotes(name).replace(VIA_LIST, '');
  const cleaned = stripQuotes(unquoted);
  if (/^\S+@\S+$/.test(cleaned)) return '';
  const parts = LAST_COMMA_FIRST.exec(cleaned);
  if (!parts) return cleaned;
  const last = collapse(parts[1] ?? '');
  const first = collapse(parts[2] ?? '');
  if (!last || !first || NAME_SUFFIX.test(first) || wordCount(last) > 3 || wordCount(first) > 3) return cleaned;
  return `${first} ${last}`;
}

/** `jane=40example.com@dmarc.ietf.org` is `jane@example.com` (`=XX` is a hex-escaped byte). */
export function undoDmarcRewrite(address: string): string {
  const match = /^(.+)@dmarc\.[a-z0-9.-]+$/i.exec(address);
  if (!match) return address;
  const original = (match[1] ?? '').replace(/=([0-9a-f]{2})/gi, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return /^[^@\s]+@[^@\s]+$/.test(original) ? original : address;
}

/** `jane at example dot com` is `jane@example.com`; null when the text is not such an address. */
export function deobfuscateAddress(text: string): string | null {
  const match = OBFUSCATED.exec(collapse(text));
  if (!match) return null;
  const domain = (match[2] ?? '').replace(/\s+dot\s+/gi, '.').replace(/\s*\.\s*/g, '.');
  return `${match[1]}@${domain}`.toLowerCase();
}

/** Lower case, brackets dropped, DMARC rewriting and `at`/`dot` obfuscation undone. */
export function normaliseAddress(address: string): string {
  const bare = collapse(address).replace(/^<|>$/g, '').trim();
  const plain = bare.includes('@') ? bare : (deobfuscateAddress(bare) ?? bare);
  return undoDmarcRewrite(plain.toLowerCase());
}

/**
 * Reads a `From:` value that an address parser could not: `jane at example dot com (Jane Doe)`,
 * `Jane Doe <jane at example.com>`. Null when it holds no obfuscated address.
 */
export function mailboxFromObfuscated(value: string): Mailbox | null {
  const comment = /\(([^()]*)\)\s*$/.exec(value);
  const withoutComment = comment ? value.slice(0, comment.index) : value;
  const bracketed = /^(.*)<([^<>]*)>\s*$/.exec(withoutComment);
  const address = deobfuscateAddress(bracketed ? (bracketed[2] ?? '') : withoutComment);
  if (!address) return null;
  return { name: comment?.[1] ?? bracketed?.[1] ?? '', address };
}

/**
 * The person behind a mailbox, with the header repairs IETF mail needs: names `First Last`,
 * unquoted and without `via List`; addresses lower case, DMARC rewriting and obfuscation undone;
 * for a list that put its own address in `From:` ("X via List"), the address from `Reply-To:`.
 */
export function normaliseIdentity(mailbox: Mailbox, context: IdentityContext = {}): Identity {
  const viaList = VIA_LIST.test(stripQuotes(mailbox.name));
  const address = normaliseAddress(mailbox.address);
  const listAddresses = new Set(context.listAddresses ?? []);
  const isList = (candidate: string): boolean => listAddresses.has(candidate) || (viaList && isIetfAddress(candidate));
  let finalAddress = address;
  if (viaList && (address === '' || isList(address))) {
    const person = (context.replyTo ?? []).map((reply) => normaliseAddress(reply.address)).find((reply) => reply && !isList(reply));
    if (person) finalAddress = person;
  }
  return { name: normaliseDisplayName(mailbox.name), address: finalAddress };
}

/** Letters NFKD does not take apart. */
const FOLDED_LETTERS: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i' };

/**
 * The key participants are grouped by: the display name with accents removed, lower case,
 * punctuation dropped, `Last, First` turned around (`Ari Keränen`, `Keranen, Ari` and
 * `ari keranen` agree); the address when there is no name.
 */
export function participantKey(identity: Identity): string {
  const key = normaliseDisplayName(identity.name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłđßæœþı]/g, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return key || normaliseAddress(identity.address);
}
