import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draftCoverage, parseDraft, type Draft, type TechnologyCoverage } from '../../src/draft/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { fixturePath } from '../helpers/corpus.js';

const taxonomy = loadTaxonomy();

function fixtureDraft(file: string): Draft {
  return parseDraft(readFileSync(fixturePath(`drafts/${file}`), 'utf8'), { fileName: file });
}

function verdict(coverage: TechnologyCoverage[], id: string): TechnologyCoverage {
  return coverage.find((c) => c.technologyId === id)!;
}

/** A draft written out by hand, to test one rule at a time. */
function draftOf(sections: [number: string, title: string, text: string, citations?: string[]][], references: Draft['references'] = []): Draft {
  return {
    name: 'draft-example-rules',
    revision: '00',
    title: 'Rules',
    format: 'txt',
    sections: sections.map(([number, title, text, citations = []]) => ({ number, title, text, citations })),
    references,
  };
}

describe('draftCoverage on the bundled draft', () => {
  const xml = draftCoverage(fixtureDraft('draft-example-t2trg-iot-bootstrapping-05.xml'), taxonomy);
  const txt = draftCoverage(fixtureDraft('draft-example-t2trg-iot-bootstrapping-05.txt'), taxonomy);

  it('gives the same verdict, with the same sections, from the XML and from the paginated .txt', () => {
    expect(txt).toEqual(xml);
    expect(xml.map((c) => c.technologyId)).toEqual(taxonomy.technologies.map((t) => t.id));
  });

  it('covers what a section names, with every section that names it', () => {
    expect(verdict(xml, 'dpp')).toEqual({
      technologyId: 'dpp',
      covered: true,
      sections: [
        { number: '3.1', title: 'Wi-Fi Easy Connect' },
        { number: '6', title: 'Comparison' },
        { number: '7', title: 'Recommendations' },
      ],
      notCoveredBecause: null,
    });
    expect(verdict(xml, 'bluetooth-mesh').sections).toEqual([{ number: '3.5', title: 'Bluetooth Mesh Provisioning' }]);
    // Appendix A, "Changes since -04", names Thread too, but a change log does not discuss it.
    expect(verdict(xml, 'thread').sections.map((s) => s.number)).toEqual(['3.6']);
    expect(verdict(xml, 'lorawan').sections.map((s) => s.number)).toEqual(['5.2', '6']);
  });

  it('covers what a section only cites: [RFC8572] resolves to SZTP, [I-D.ietf-ace-coap-est] to EST-coaps', () => {
    expect(verdict(xml, 'sztp')).toMatchObject({ covered: true, sections: [{ number: '4.3', title: 'Provisioning Network Equipment' }] });
    expect(verdict(xml, 'est-coaps').sections).toEqual([{ number: '4.1', title: 'Enrollment over Secure Transport' }]);
    expect(verdict(xml, 'voucher').sections).toEqual([{ number: '4.2', title: 'Bootstrapping Remote Secure Key Infrastructure' }]);
  });

  it('does not cover what only the references list: MUD (RFC 8520) and constrained BRSKI (a draft included by name)', () => {
    expect(verdict(xml, 'mud')).toEqual({ technologyId: 'mud', covered: false, sections: [], notCoveredBecause: 'only-in-references' });
    expect(verdict(xml, 'cbrski')).toMatchObject({ covered: false, notCoveredBecause: 'only-in-references' });
  });

  it('does not cover SUIT, found only inside "suitable", nor what the draft never names', () => {
    expect(verdict(xml, 'suit')).toMatchObject({ covered: false, notCoveredBecause: 'only-inside-another-word' });
    for (const id of ['oscore', 'edhoc', 'matter', 'opc-ua']) {
      expect(verdict(xml, id), id).toEqual({ technologyId: id, covered: false, sections: [], notCoveredBecause: null });
    }
  });
});

describe('draftCoverage rules', () => {
  it('answers for the ids asked, in their order, an unknown id as not covered', () => {
    const draft = draftOf([['1', 'Introduction', 'EST and BRSKI.']]);
    expect(draftCoverage(draft, taxonomy, ['brski', 'no-such-technology', 'est']).map((c) => [c.technologyId, c.covered])).toEqual([
      ['brski', true],
      ['no-such-technology', false],
      ['est', true],
    ]);
  });

  it('counts a section title as the section discussing it', () => {
    const draft = draftOf([['2.3', 'Manufacturer Usage Description', 'Devices say what they need.']]);
    expect(draftCoverage(draft, taxonomy, ['mud'])[0]!.sections).toEqual([{ number: '2.3', title: 'Manufacturer Usage Description' }]);
  });

  it('resolves a citation through the reference entry it names, by RFC number or by draft name', () => {
    const draft = draftOf(
      [
        ['1', 'Policies', 'See [policy] for the file format.', ['policy']],
        ['2', 'Updates', 'See [I-D.ietf-suit-manifest].', ['I-D.ietf-suit-manifest']],
      ],
      [
        { anchor: 'policy', title: '', rfc: 8520, draft: null, kind: 'informative' },
        { anchor: 'I-D.ietf-suit-manifest', title: '', rfc: null, draft: 'draft-ietf-suit-manifest', kind: 'normative' },
      ],
    );
    const [mud, suit] = draftCoverage(draft, taxonomy, ['mud', 'suit']);
    expect(mud!.sections).toEqual([{ number: '1', title: 'Policies' }]);
    expect(suit!.sections).toEqual([{ number: '2', title: 'Updates' }]);
  });

  it('tells a name in a reference title from a name inside a word of the body, and says nothing of an ordinary word', () => {
    const draft = draftOf(
      [['1', 'Introduction', 'Setting up devices in muddy fields, no matter the weather.']],
      [{ anchor: 'OSCORE', title: 'Object Security for Constrained RESTful Environments (OSCORE)', rfc: null, draft: null, kind: 'informative' }],
    );
    expect(draftCoverage(draft, taxonomy, ['oscore', 'mud', 'matter']).map((c) => [c.technologyId, c.covered, c.notCoveredBecause])).toEqual([
      ['oscore', false, 'only-in-references'],
      ['mud', false, 'only-inside-another-word'],
      ['matter', false, null],
    ]);
  });

  it('looks for the name and the longer aliases inside other words, not for short aliases such as BLE', () => {
    const draft = draftOf([['1', 'Transport', 'A table of DTLS cipher suites for every deployment.']]);
    expect(draftCoverage(draft, taxonomy, ['tls', 'bluetooth', 'suit']).map((c) => [c.technologyId, c.notCoveredBecause])).toEqual([
      ['tls', 'only-inside-another-word'],
      ['bluetooth', null],
      ['suit', 'only-inside-another-word'],
    ]);
  });
});
