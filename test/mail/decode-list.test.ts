import { describe, expect, it } from 'vitest';
import { listOfCopy } from '../../src/mail/index.js';

function copy(header: string): Buffer {
  return Buffer.from(`From: a@example.com\nSubject: x\n${header}\nbody\n`);
}

describe('listOfCopy', () => {
  it('reads the bare name of an IETF list from List-Id', () => {
    expect(listOfCopy(copy('List-Id: IOT Operations <iotops.ietf.org>\n'))).toBe('iotops');
  });

  it('reads a folded List-Id and lower-cases it', () => {
    expect(listOfCopy(copy('List-Id: Discussion of the\n work of the group <OPSAWG.IETF.ORG>\n'))).toBe('opsawg');
  });

  it('reads X-BeenThere when there is no List-Id', () => {
    expect(listOfCopy(copy('X-BeenThere: t2trg@irtf.org\n'))).toBe('t2trg');
  });

  it('prefers an IETF list over another one listed first', () => {
    expect(listOfCopy(copy('List-Id: <bpf.vger.kernel.org>\nX-BeenThere: bpf@ietf.org\nList-Id: BPF <bpf.ietf.org>\n'))).toBe('bpf');
  });

  it('keeps the full list-id of a list elsewhere', () => {
    expect(listOfCopy(copy('List-Id: <bpf.vger.kernel.org>\n'))).toBe('bpf.vger.kernel.org');
  });

  it('gives null without list headers', () => {
    expect(listOfCopy(copy(''))).toBeNull();
  });
});
