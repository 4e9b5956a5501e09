import { describe, expect, it } from 'vitest';
import { addressedLists, listOfCopy, normaliseIdentity } from '../../src/mail/index.js';

/** The IETF, IRTF and IAB lists, read the same way wherever a list's address or id is read. */
function copy(header: string): Buffer {
  return Buffer.from(`From: a@example.com\nSubject: x\n${header}\nbody\n`);
}

describe('lists of the IETF, the IRTF and the IAB', () => {
  it('are read by their bare name from List-Id and X-BeenThere', () => {
    expect(listOfCopy(copy('List-Id: <iotops.ietf.org>\n'))).toBe('iotops');
    expect(listOfCopy(copy('List-Id: <t2trg.irtf.org>\n'))).toBe('t2trg');
    expect(listOfCopy(copy('List-Id: <architecture-discuss.iab.org>\n'))).toBe('architecture-discuss');
    expect(listOfCopy(copy('X-BeenThere: iab@iab.org\n'))).toBe('iab');
    expect(listOfCopy(copy('List-Id: <iotops.ietf.example>\n'))).toBe('iotops.ietf.example');
  });

  it('are every list a copy was addressed to: its List-Id, and IETF, IRTF and IAB lists in To and Cc', () => {
    const header =
      'List-Id: <iotops.ietf.org>\nList-Id: <bpf.vger.kernel.org>\n' +
      'To: T2TRG <t2trg@IRTF.org>, anima-chairs@ietf.org, draft-ietf-x@ietf.org\n' +
      'Cc: "Arch" <architecture-discuss@iab.org>, jane@example.org, iotops-bounces@ietf.org, lwip@ietf.org.example.com\n';
    // Before: `lwip@ietf.org.example.com` counted as the IETF list lwip.
    expect(addressedLists(copy(header))).toEqual(['iotops', 't2trg', 'architecture-discuss']);
    expect(addressedLists(Buffer.from('not a message'))).toEqual([]);
  });

  it('put their own address in From when they rewrite it, which Reply-To then mends', () => {
    const replyTo = [{ name: 'Pat Kim', address: 'pat@example.kr' }];
    expect(normaliseIdentity({ name: 'Pat Kim via T2trg', address: 't2trg@irtf.org' }, { replyTo })).toEqual({ name: 'Pat Kim', address: 'pat@example.kr' });
    expect(normaliseIdentity({ name: 'Pat Kim via Iab', address: 'iab@iab.org' }, { replyTo })).toEqual({ name: 'Pat Kim', address: 'pat@example.kr' });
    expect(normaliseIdentity({ name: 'Pat Kim via Lwip', address: 'lwip@example.org' }, { replyTo })).toEqual({ name: 'Pat Kim', address: 'lwip@example.org' });
  });
});
