import { describe, expect, it } from 'vitest';
import { parseMailDate } from '../../src/mail/dates.js';

function iso(value: string): string | null {
  return parseMailDate(value)?.toISOString() ?? null;
}

describe('parseMailDate', () => {
  it('reads RFC 5322 dates with numeric and obsolete named zones', () => {
    expect(iso('Fri, 19 Feb 2021 15:24:11 +0000')).toBe('2021-02-19T15:24:11.000Z');
    expect(iso('Mon,  1 Mar 2010 06:46:11 -0800 (PST)')).toBe('2010-03-01T14:46:11.000Z');
    expect(iso('1 Mar 2010 06:46 PST')).toBe('2010-03-01T14:46:00.000Z');
    expect(iso('Tue, 14 Mar 2023 09:30:00 GMT')).toBe('2023-03-14T09:30:00.000Z');
    expect(iso('Tue, 14 Mar 2023 09:30:00 +0530')).toBe('2023-03-14T04:00:00.000Z');
  });

  it('refuses broken zones, two-digit years, impossible days and prose', () => {
    expect(iso('Mon, 1 Mar 2010 15:45:56 -0-200')).toBeNull();
    expect(iso('Fri, 07 Jul 2006 11:20:00 CEST')).toBeNull();
    expect(iso('Sun, 2 Jan 00 10:00:00 +0000')).toBeNull();
    expect(iso('Sun, 31 Feb 2021 10:00:00 +0000')).toBeNull();
    expect(iso('Thu, 01 Jan 1970 00:00:00 +0000')).toBeNull();
    expect(iso('yesterday afternoon')).toBeNull();
    expect(iso('Mon, 1 Mar 2010 25:00:00 +0000')).toBeNull();
  });
});
