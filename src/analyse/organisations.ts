import data from './organisations.json' with { type: 'json' };

const employers: Record<string, string> = data.employers;
const personal = new Set(data.personal);
const reserved = new Set(data.reserved);

/**
 * The organisation an address speaks for, from its domain: a listed employer's name, else the domain
 * itself (an unlisted company's); null for personal mail providers, the IETF's own relays and the
 * reserved example domains, which say nothing about an employer.
 */
export function organisationOf(address: string): string | null {
  const domain = address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/u, '');
  if (!domain || !address.includes('@')) return null;
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    if (employers[suffix]) return employers[suffix];
    if (personal.has(suffix) || reserved.has(suffix)) return null;
  }
  if (reserved.has(labels.at(-1)!)) return null;
  // An unlisted domain: its registrable part (the last two labels, three under a two-letter country code's second level).
  const keep = labels.length > 2 && /^(?:co|com|ac|org|net|ne|or|gov|edu)$/u.test(labels.at(-2)!) && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}
