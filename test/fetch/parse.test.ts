import { describe, expect, it } from 'vitest';
import { addMonths, monthsBetween, periodEnd, periodOfUrl } from '../../src/ingest/months.js';
import { ArchiveUrls, parseIndexEntries, parseMessageUrl, refreshTarget, threadGroups } from '../../src/sources/mail-archive.js';
import { builtInDisallowed, parseRobots } from '../../src/sources/robots.js';

/** Thread index markup as static_index.html renders it (whitespace as Django leaves it). */
const threadPage = `
<ul class="static-index" data-static-off-url="/arch/browse/iotops/">
                <li class="depth-0">
                    <a id="P2sAejQTmhuo2HTR1yWR3djzQm4" href="/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/">[Iotops] Secure IoT Bootstrapping: A Survey</a>, <em>Pekka Vähäsalo</em>
                </li>
                <li class="depth-1">
                    <a id="b-Xq3_2y" href="/arch/msg/iotops/b-Xq3_2y/">Re: [Iotops] Secure IoT &amp; &quot;BRSKI&quot; &lt;vouchers&gt; don&#x27;t</a>, <em>O&#39;Brien, Sean</em>
                </li>
                <li class="depth-6">
                    <a id="deep" href="/arch/msg/iotops/deep/">Re: deep</a>, <em>Someone</em>
                </li>
                <li class="depth-0">
                    <a id="second" href="/arch/msg/iotops/second/">[Iotops] IETF 110: call for agenda items</a>, <em></em>
                </li>
        </ul>`;

describe('parseIndexEntries', () => {
  it('reads the messages of a thread index, entities decoded, with their depth', () => {
    expect(parseIndexEntries(threadPage, 'iotops')).toEqual([
      { archiveId: 'P2sAejQTmhuo2HTR1yWR3djzQm4', list: 'iotops', depth: 0, subject: '[Iotops] Secure IoT Bootstrapping: A Survey', sender: 'Pekka Vähäsalo' },
      { archiveId: 'b-Xq3_2y', list: 'iotops', depth: 1, subject: 'Re: [Iotops] Secure IoT & "BRSKI" <vouchers> don\'t', sender: "O'Brien, Sean" },
      { archiveId: 'deep', list: 'iotops', depth: 6, subject: 'Re: deep', sender: 'Someone' },
      { archiveId: 'second', list: 'iotops', depth: 0, subject: '[Iotops] IETF 110: call for agenda items', sender: '' },
    ]);
  });

  it('reads a date index, its day headings left out, and an empty one', () => {
    const datePage = `<ul class="static-index">
                    <strong>Feb 23 2021</strong>
                    <li>
                        <a id="abc" href="/arch/msg/iotops/abc/">Re: x</a>, <em>Chen Wei</em>
                    </li>
        </ul>`;
    expect(parseIndexEntries(datePage, 'iotops').map((e) => [e.archiveId, e.depth, e.sender])).toEqual([['abc', 0, 'Chen Wei']]);
    expect(parseIndexEntries('<ul class="static-index">\n            <li>No messages</li>\n        </ul>', 'iotops')).toEqual([]);
  });

  it('groups a thread index into threads at each depth-0 message', () => {
    expect(threadGroups(parseIndexEntries(threadPage, 'iotops')).map((group) => group.map((e) => e.archiveId))).toEqual([
      ['P2sAejQTmhuo2HTR1yWR3djzQm4', 'b-Xq3_2y', 'deep'],
      ['second'],
    ]);
  });
});

describe('refreshTarget', () => {
  it('reads the archive refresh page, relative to the page, and other spellings', () => {
    const page = 'https://mailarchive.ietf.org/arch/browse/static/iotops/thread/2021-02/';
    expect(refreshTarget(`<meta http-equiv="refresh" content="0;URL='/arch/browse/static/iotops/thread/2021/'" />`, page)).toBe(
      'https://mailarchive.ietf.org/arch/browse/static/iotops/thread/2021/',
    );
    expect(refreshTarget(`<META HTTP-EQUIV='Refresh' CONTENT='0; url=../2021-03/'>`, page)).toBe('https://mailarchive.ietf.org/arch/browse/static/iotops/thread/2021-03/');
    expect(refreshTarget('<meta charset="utf-8"><title>x</title>', page)).toBeNull();
  });
});

describe('archive URLs', () => {
  it('builds index, download and message-count URLs against a mirror base', () => {
    const urls = new ArchiveUrls('http://127.0.0.1:8080/');
    expect(urls.index('thread', 'iotops', '2021-02')).toBe('http://127.0.0.1:8080/arch/browse/static/iotops/thread/2021-02/');
    expect(urls.index('date', 'iotops', '2021')).toBe('http://127.0.0.1:8080/arch/browse/static/iotops/2021/');
    expect(urls.download('t2trg', '59srzogeqF_Ro5j4Ilb9eJyjkog')).toBe('http://127.0.0.1:8080/arch/msg/t2trg/59srzogeqF_Ro5j4Ilb9eJyjkog/download/');
    expect(urls.messageCounts(['iotops', 't2trg'], '2021-02-01', '2021-03-01')).toBe(
      'http://127.0.0.1:8080/api/v1/stats/msg_counts/?list=iotops,t2trg&start=2021-02-01&end=2021-03-01',
    );
  });

  it('splits a message URL, an Archived-At URL and a download URL', () => {
    const split = { list: 'iotops', archiveId: 'P2sAejQTmhuo2HTR1yWR3djzQm4' };
    expect(parseMessageUrl('https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/')).toEqual(split);
    expect(parseMessageUrl('https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4')).toEqual(split);
    expect(parseMessageUrl('http://mirror.example/ietf/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/download/')).toEqual(split);
    expect(parseMessageUrl('<P2sAejQTmhuo2HTR1yWR3djzQm4@example>')).toBeNull();
  });
});

describe('robots.txt', () => {
  const robots = `# the archive
User-agent: *
Disallow: /arch/search/
Disallow: /arch/msg/*/download/$
Allow: /arch/msg/iotops/
Disallow: /private

User-agent: listlens
User-agent: otherbot
Disallow: /arch/browse/static/secret/
`;

  it('reads the group naming listlens before the * group', () => {
    const rules = parseRobots(robots, 'listlens');
    expect(rules.allows('/arch/browse/static/secret/2021/')).toBe(false);
    expect(rules.allows('/arch/search/?q=x')).toBe(true);
  });

  it('lets the longest match decide, Allow winning a tie, with * and $ wildcards', () => {
    const rules = parseRobots(robots, 'somebot');
    expect(rules.allows('/arch/search/?q=x')).toBe(false);
    expect(rules.allows('/arch/msg/t2trg/abc/download/')).toBe(false);
    expect(rules.allows('/arch/msg/t2trg/abc/download/x')).toBe(true);
    expect(rules.allows('/arch/msg/iotops/abc/')).toBe(true);
    expect(rules.allows('/private/notes')).toBe(false);
    expect(rules.allows('/privately')).toBe(false);
    expect(parseRobots('User-agent: *\nDisallow:\n', 'listlens').allows('/anything')).toBe(true);
    expect(parseRobots('User-agent: *\nDisallow: /a\nAllow: /a\n', 'listlens').allows('/a')).toBe(true);
  });

  it('matches a rule of many wildcards against a long path in linear time', () => {
    const rules = parseRobots(`User-agent: *\nDisallow: /${'a*'.repeat(40)}b$\n`, 'listlens');
    const started = Date.now();
    expect(rules.allows(`/${'a'.repeat(100_000)}`)).toBe(true);
    expect(rules.allows(`/${'a'.repeat(100_000)}b`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never allows the archive search, advanced search and export, robots.txt or not', () => {
    expect(['/arch/search/', '/arch/search', '/arch/advsearch/?q=1', '/arch/export/mbox/'].map(builtInDisallowed)).toEqual([true, true, true, true]);
    expect(['/arch/searchable', '/arch/browse/static/iotops/'].map(builtInDisallowed)).toEqual([false, false]);
  });
});

describe('months', () => {
  it('counts months across years and reads periods off archive URLs', () => {
    expect(monthsBetween('2020-11', '2021-02')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(monthsBetween('2021-03', '2021-02')).toEqual([]);
    expect(addMonths('2021-01', -1)).toBe('2020-12');
    expect(periodEnd('2021-12').toISOString()).toBe('2022-01-01T00:00:00.000Z');
    expect(periodEnd('2021').toISOString()).toBe('2022-01-01T00:00:00.000Z');
    expect(periodOfUrl('https://x/arch/browse/static/iotops/thread/2021-02/')).toBe('2021-02');
    expect(periodOfUrl('https://x/arch/browse/static/iotops/2021/')).toBe('2021');
    expect(periodOfUrl('https://x/mail-archive/text/iotops/2021-02.mail')).toBe('2021-02');
    expect(periodOfUrl('https://x/arch/msg/iotops/abc/download/')).toBeNull();
  });
});
