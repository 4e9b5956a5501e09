import { describe, expect, it } from 'vitest';
import { normaliseAddress, normaliseDisplayName } from '../../src/mail/identity.js';
import { normaliseIdentity, participantKey } from '../../src/mail/index.js';

describe('normaliseIdentity', () => {
  it('undoes DMARC rewriting, =XX escapes included', () => {
    expect(normaliseIdentity({ name: 'Jane Doe via Iotops', address: 'jane=40example.com@dmarc.ietf.org' })).toEqual({
      name: 'Jane Doe',
      address: 'jane@example.com',
    });
    expect(normaliseAddress('o=27brien=2Bietf=40example.ie@dmarc.ietf.org')).toBe("o'brien+ietf@example.ie");
  });

  it('leaves an address alone when its escapes do not make one', () => {
    expect(normaliseAddress('weird=zz@dmarc.ietf.org')).toBe('weird=zz@dmarc.ietf.org');
  });

  it('takes the address from Reply-To when a list put its own address in From', () => {
    const identity = normaliseIdentity(
      { name: '"Pat Kim via Iotops"', address: 'iotops@ietf.org' },
      { replyTo: [{ name: '', address: 'iotops@ietf.org' }, { name: 'Pat Kim', address: 'Pat.Kim@Example.KR' }], listAddresses: ['iotops@ietf.org'] },
    );
    expect(identity).toEqual({ name: 'Pat Kim', address: 'pat.kim@example.kr' });
  });

  it('keeps From when the name has no "via"', () => {
    const identity = normaliseIdentity(
      { name: 'Pat Kim', address: 'pat@example.kr' },
      { replyTo: [{ name: 'Someone Else', address: 'else@example.org' }], listAddresses: ['iotops@ietf.org'] },
    );
    expect(identity).toEqual({ name: 'Pat Kim', address: 'pat@example.kr' });
  });

  it('turns "Last, First" around and strips quotes', () => {
    expect(normaliseDisplayName('"Keränen, Ari"')).toBe('Ari Keränen');
    expect(normaliseDisplayName("'Jane Doe'")).toBe('Jane Doe');
    expect(normaliseDisplayName('Eastlake, Donald E.')).toBe('Donald E. Eastlake');
  });

  it('does not turn a generational suffix into a first name', () => {
    expect(normaliseDisplayName('Smith, Jr.')).toBe('Smith, Jr.');
  });

  it('drops a display name that is only an address', () => {
    expect(normaliseIdentity({ name: 'jane@example.com', address: 'Jane@Example.com' })).toEqual({ name: '', address: 'jane@example.com' });
  });

  it('reads "x at y dot z" obfuscation', () => {
    expect(normaliseAddress('lena.berg at example dot se')).toBe('lena.berg@example.se');
    expect(normaliseAddress('lena.berg at example.se')).toBe('lena.berg@example.se');
  });
});

describe('participantKey', () => {
  it('agrees for "Ari Keränen", "Keranen, Ari" and "ari keranen"', () => {
    const keys = [
      participantKey({ name: 'Ari Keränen', address: 'ari.keranen@ericsson.com' }),
      participantKey({ name: 'Keranen, Ari', address: 'ari@example.fi' }),
      participantKey({ name: 'ari keranen', address: '' }),
    ];
    expect(keys).toEqual(['ari keranen', 'ari keranen', 'ari keranen']);
  });

  it('folds letters NFKD keeps whole and drops punctuation', () => {
    expect(participantKey({ name: 'Søren Ødegård', address: '' })).toBe('soren odegard');
    expect(participantKey({ name: "Seán O'Brien-Ní", address: '' })).toBe('sean obrien ni');
  });

  it('falls back to the address when there is no name', () => {
    expect(participantKey({ name: '', address: 'Jane@Example.COM' })).toBe('jane@example.com');
    expect(participantKey({ name: '""', address: 'jane=40example.com@dmarc.ietf.org' })).toBe('jane@example.com');
  });
});
