import { describe, expect, it } from 'vitest';
import { parseDateRange, parseSearchQuery, SearchQueryError } from '../../src/analyse/index.js';

const utc = (text: string) => new Date(`${text}T00:00:00Z`);

describe('the search query parser', () => {
  it('reads plain words, phrases, prefixes and every field', () => {
    const query = parseSearchQuery(
      'BRSKI "trust anchor" onboard* from:"Jane Doe" from:jane@example.org LIST:IoTOps subject:survey q:EDHOC all:LoRaWAN ' +
        'thread:<root@x> draft:draft-ietf-anima-constrained-voucher tech:brski d:2021-02..2021-04',
    );
    expect(query).toEqual({
      words: ['BRSKI', 'trust anchor', 'onboard*'],
      subject: ['survey'],
      quoted: ['EDHOC'],
      anywhere: ['LoRaWAN'],
      from: ['Jane Doe', 'jane@example.org'],
      lists: ['iotops'],
      since: utc('2021-02-01'),
      until: utc('2021-05-01'),
      threads: ['<root@x>'],
      drafts: ['draft-ietf-anima-constrained-voucher'],
      technologies: ['brski'],
    });
  });

  it('reads a field alone, with no words', () => {
    expect(parseSearchQuery('from:jane').from).toEqual(['jane']);
    expect(parseSearchQuery('draft:ietf-anima-brski-prm').drafts).toEqual(['draft-ietf-anima-brski-prm']);
    expect(parseSearchQuery('thread:"Secure IoT Bootstrapping"').threads).toEqual(['Secure IoT Bootstrapping']);
  });

  it('reads years, months, days and open ranges, and narrows several d: to where they meet', () => {
    expect(parseDateRange('2021')).toEqual({ since: utc('2021-01-01'), until: utc('2022-01-01') });
    expect(parseDateRange('2021-12')).toEqual({ since: utc('2021-12-01'), until: utc('2022-01-01') });
    expect(parseDateRange('2021-02-28')).toEqual({ since: utc('2021-02-28'), until: utc('2021-03-01') });
    expect(parseDateRange('2021-02..')).toEqual({ since: utc('2021-02-01'), until: null });
    expect(parseDateRange('..2021-02')).toEqual({ since: null, until: utc('2021-03-01') });
    const both = parseSearchQuery('d:2021 date:2021-02..2022 x');
    expect([both.since, both.until]).toEqual([utc('2021-02-01'), utc('2022-01-01')]);
  });

  it.each([
    ['', /nothing to search for/],
    ['   ', /nothing to search for/],
    ['foo:bar', /unknown field "foo:"/],
    ['from:', /from: needs a value/],
    ['list:""', /list: needs a value/],
    ['"trust anchor', /unclosed quote/],
    ['d:2021-13', /"2021-13" is not a date/],
    ['d:2021-02-30', /"2021-02-30" is not a date/],
    ['d:February', /is not a date/],
    ['d:2021-04..2021-02', /ends before it starts/],
    ['d:..', /a date is YYYY/],
    ['d:2021..2022..2023', /a date is YYYY/],
    ['*', /no letter or digit/],
    ['"--"', /no letter or digit/],
    ['bo*ot', /\* may only end a word/],
    ['draft:foo', /not a draft name/],
  ])('refuses %j in one line, as a usage error', (text, message) => {
    let error: unknown;
    try {
      parseSearchQuery(text);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SearchQueryError);
    expect((error as SearchQueryError).kind).toBe('usage');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^search query: [^\n]+$/);
  });

  it('lets a quoted word hold a colon', () => {
    expect(parseSearchQuery('"urn:ietf"').words).toEqual(['urn:ietf']);
  });
});
