import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DraftParseError, parseDraft, XmlSyntaxError, type Draft } from '../../src/draft/index.js';
import { fixturePath } from '../helpers/corpus.js';

const exampleName = 'draft-example-t2trg-iot-bootstrapping-05';

function fixtureDraft(file: string): Draft {
  return parseDraft(readFileSync(fixturePath(`drafts/${file}`), 'utf8'), { fileName: file });
}

const section = (draft: Draft, number: string) => draft.sections.find((s) => s.number === number)!;
const reference = (draft: Draft, anchor: string) => draft.references.find((r) => r.anchor === anchor)!;

const exampleSections = [
  ['1', 'Introduction'],
  ['2', 'Terminology'],
  ['3', 'Industry Onboarding Specifications'],
  ['3.1', 'Wi-Fi Easy Connect'],
  ['3.2', 'OMA Lightweight M2M'],
  ['3.3', 'Open Connectivity Foundation'],
  ['3.4', 'FIDO Device Onboard'],
  ['3.5', 'Bluetooth Mesh Provisioning'],
  ['3.6', 'Thread Commissioning'],
  ['4', 'IETF Mechanisms'],
  ['4.1', 'Enrollment over Secure Transport'],
  ['4.2', 'Bootstrapping Remote Secure Key Infrastructure'],
  ['4.3', 'Provisioning Network Equipment'],
  ['4.4', 'Nimble Out-of-Band Authentication for EAP'],
  ['5', 'Cellular and Low-Power Networks'],
  ['5.1', 'Generic Bootstrapping Architecture'],
  ['5.2', 'LoRaWAN'],
  ['6', 'Comparison'],
  ['7', 'Recommendations'],
  ['8', 'Security Considerations'],
  ['9', 'IANA Considerations'],
  ['10', 'Acknowledgements'],
  ['A', 'Changes since -04'],
];

describe('the bundled xml2rfc v2 draft', () => {
  const draft = fixtureDraft(`${exampleName}.xml`);

  it('reads name, revision, title and format from the source', () => {
    expect([draft.name, draft.revision, draft.format]).toEqual(['draft-example-t2trg-iot-bootstrapping', '05', 'xml2rfc-v2']);
    expect(draft.title).toBe('Secure Bootstrapping of IoT Devices: A Survey of Onboarding Mechanisms');
  });

  it('numbers sections the way xml2rfc does, appendices by letter', () => {
    expect(draft.sections.map((s) => [s.number, s.title])).toEqual(exampleSections);
  });

  it('renders xrefs: sections as "Section N", references as [anchor] after any text of the xref', () => {
    expect(section(draft, '1').text).toContain('Section 3 looks at specifications from industry alliances, Section 4 at IETF protocols');
    expect(section(draft, '4.1').text).toContain('For constrained devices, EST-coaps [I-D.ietf-ace-coap-est] carries');
    expect(section(draft, '4.1').citations).toEqual(['RFC7030', 'I-D.ietf-ace-coap-est']);
    expect(section(draft, '4.3').citations).toEqual(['RFC8572']);
    expect(section(draft, '1').citations).toEqual([]);
  });

  it('keeps a section to its own text, lists as bullets and tables as rows', () => {
    expect(section(draft, '3').text).toBe(
      'The specifications in this section come from alliances that certify products. Each defines its own roles and message flows, but most rely on an out-of-band step performed by a person.',
    );
    expect(section(draft, '2').text.split('\n\n').slice(1)).toEqual([
      'This document uses the following terms:',
      '* Bootstrapping: establishing the first trust relation between a device and a deployment.',
      '* Onboarding: bootstrapping followed by the configuration a device needs to operate.',
      '* Enrollment: obtaining an operational certificate from a certification authority.',
    ]);
    const rows = section(draft, '6').text.split('\n\n');
    expect(rows.slice(1, 4)).toEqual([
      'Mechanism | Device starts with | Device ends with',
      'DPP | bootstrapping key pair | network credentials',
      'LwM2M | bootstrap credentials | server accounts',
    ]);
    expect(rows).toHaveLength(12);
  });

  it('resolves references pulled in by name: <?rfc include?> in both quotings, I-D.draft-…-NN, and an external entity', () => {
    expect(draft.references.map((r) => [r.anchor, r.kind])).toEqual([
      ['RFC2119', 'normative'],
      ['RFC8174', 'normative'],
      ['RFC7030', 'informative'],
      ['RFC8366', 'informative'],
      ['RFC8520', 'informative'],
      ['RFC8572', 'informative'],
      ['RFC8995', 'informative'],
      ['I-D.ietf-ace-coap-est', 'informative'],
      ['I-D.ietf-anima-constrained-voucher', 'informative'],
      ['I-D.ietf-emu-eap-noob', 'informative'],
      ['dpp-spec', 'informative'],
      ['lwm2m-spec', 'informative'],
      ['ocf-spec', 'informative'],
      ['fdo-spec', 'informative'],
      ['btmesh-spec', 'informative'],
      ['thread-spec', 'informative'],
      ['TS33220', 'informative'],
      ['lorawan-spec', 'informative'],
    ]);
    expect(reference(draft, 'RFC8520')).toEqual({ anchor: 'RFC8520', title: '', rfc: 8520, draft: null, kind: 'informative' });
    expect(reference(draft, 'I-D.ietf-anima-constrained-voucher')).toMatchObject({
      rfc: null,
      draft: 'draft-ietf-anima-constrained-voucher',
    });
    expect(reference(draft, 'fdo-spec')).toMatchObject({ title: 'FIDO Device Onboard Specification', rfc: null, draft: null });
  });
});

describe('the bundled draft in the official paginated .txt layout', () => {
  const txt = fixtureDraft(`${exampleName}.txt`);
  const xml = fixtureDraft(`${exampleName}.xml`);

  it('reads name, revision and title from the first page', () => {
    expect([txt.name, txt.revision, txt.format, txt.title]).toEqual([
      'draft-example-t2trg-iot-bootstrapping',
      '05',
      'txt',
      'Secure Bootstrapping of IoT Devices: A Survey of Onboarding Mechanisms',
    ]);
  });

  it('finds the same sections as the XML, without boilerplate, table of contents or Authors\' Addresses', () => {
    expect(txt.sections.map((s) => [s.number, s.title])).toEqual(exampleSections);
  });

  it('gives every section the text and citations the XML gives it (the table caption aside)', () => {
    for (const xmlSection of xml.sections) {
      const txtSection = section(txt, xmlSection.number);
      expect(txtSection.citations, xmlSection.number).toEqual(xmlSection.citations);
      const expected = xmlSection.number === '6' ? xmlSection.text.replace('\n\nWhat each', '\n\nTable 1: What each') : xmlSection.text;
      expect(txtSection.text, xmlSection.number).toBe(expected);
    }
  });

  it('joins a paragraph across a page break and a citation broken at its hyphen', () => {
    // 4.1 runs from page 4 onto page 5, and its [I-D.ietf-ace-coap-est] is broken after "coap-".
    expect(section(txt, '4.1').text).toContain('have a person confirm their fingerprint. For constrained devices, EST-coaps [I-D.ietf-ace-coap-est] carries');
    expect(section(txt, '3.5').text).toContain('provisioning [btmesh-spec].');
    for (const s of txt.sections) expect(s.text).not.toMatch(/\f|\[Page \d+\]|Internet-Draft {2,}|Expires 16 December/);
  });

  it('reads the references: anchors, titles across lines, RFC numbers and draft names, normative or not', () => {
    expect(txt.references.map((r) => r.anchor)).toEqual([
      'RFC2119', 'RFC8174', 'btmesh-spec', 'dpp-spec', 'fdo-spec', 'I-D.ietf-ace-coap-est',
      'I-D.ietf-anima-constrained-voucher', 'I-D.ietf-emu-eap-noob', 'lorawan-spec', 'lwm2m-spec', 'ocf-spec',
      'RFC7030', 'RFC8366', 'RFC8520', 'RFC8572', 'RFC8995', 'thread-spec', 'TS33220',
    ]);
    expect(reference(txt, 'RFC8174')).toEqual({
      anchor: 'RFC8174',
      title: 'Ambiguity of Uppercase vs Lowercase in RFC 2119 Key Words',
      rfc: 8174,
      draft: null,
      kind: 'normative',
    });
    expect(reference(txt, 'I-D.ietf-anima-constrained-voucher')).toEqual({
      anchor: 'I-D.ietf-anima-constrained-voucher',
      title: 'Constrained Voucher Artifacts for Bootstrapping Protocols',
      rfc: null,
      draft: 'draft-ietf-anima-constrained-voucher',
      kind: 'informative',
    });
    expect(reference(txt, 'btmesh-spec').title).toBe('Mesh Profile Specification');
    expect(reference(txt, 'TS33220').title).toBe('Generic Authentication Architecture (GAA); Generic Bootstrapping Architecture (GBA)');
  });
});

describe('an xml2rfc v3 draft', () => {
  const draft = fixtureDraft('draft-example-iotops-onboarding-notes-01.xml');

  it('reads <name>, nested <references>, <xi:include> and <seriesInfo>', () => {
    expect([draft.name, draft.revision, draft.format]).toEqual(['draft-example-iotops-onboarding-notes', '01', 'xml2rfc-v3']);
    expect(draft.sections.map((s) => [s.number, s.title])).toEqual([
      ['1', 'Introduction'],
      ['2', 'Methods Without a Person'],
      ['2.1', 'Vouchers on constrained links'],
      ['3', 'Methods With a Person'],
      ['A', 'Changes since -00'],
    ]);
    expect(draft.references).toEqual([
      { anchor: 'RFC8995', title: '', rfc: 8995, draft: null, kind: 'normative' },
      { anchor: 'RFC8572', title: 'Secure Zero Touch Provisioning (SZTP)', rfc: 8572, draft: null, kind: 'informative' },
      {
        anchor: 'I-D.ietf-anima-constrained-voucher',
        title: 'Constrained Voucher Artifacts for Bootstrapping Protocols',
        rfc: null,
        draft: 'draft-ietf-anima-constrained-voucher',
        kind: 'informative',
      },
      { anchor: 'DPP', title: 'Wi-Fi Easy Connect Specification', rfc: null, draft: null, kind: 'informative' },
    ]);
  });

  it('renders xref with section=, lists, definition lists and tables; drops <cref> and unnumbered sections', () => {
    expect(section(draft, '2').text).toBe(
      'Network equipment commonly uses Secure Zero Touch Provisioning [RFC8572], and see Section 5.1 of [RFC8995] for how a pledge finds its registrar.',
    );
    expect(section(draft, '2').citations).toEqual(['RFC8572', 'RFC8995']);
    expect(section(draft, '2.1').text.split('\n\n')).toEqual([
      'Where CoAP is used, operators follow the constrained voucher work [I-D.ietf-anima-constrained-voucher].',
      '* Keep the voucher small.',
      "* Cache the registrar's certificate.",
      'pledge ---> registrar ---> MASA',
    ]);
    expect(section(draft, '3').text.split('\n\n')).toEqual([
      'QR codes:',
      "scanned by an installer's phone, as in DPP [DPP].",
      'Method | Step by a person',
      'DPP | scan a code',
    ]);
    expect(section(draft, '1').text).toBe(
      'Operators onboard devices in batches of thousands. Section 2 looks at methods that need no person; Section 3 at those that do.\n\nThe notes are informal.',
    );
    expect(draft.sections.some((s) => s.title === 'Acknowledgments')).toBe(false);
  });
});

describe('kramdown-rfc', () => {
  const source = [
    '---',
    'docname: draft-example-t2trg-kramdown-latest',
    "title: 'A Kramdown Example'",
    'normative:',
    '  RFC8995:',
    'informative:',
    '  I-D.ietf-ace-coap-est:',
    '  lorawan:',
    '    title: LoRaWAN Specification',
    '    author:',
    '    - org: LoRa Alliance',
    '',
    '--- abstract',
    '',
    'An abstract that is not a section.',
    '',
    '--- middle',
    '',
    '# Introduction {#intro}',
    '',
    'BRSKI {{RFC8995}} and EST over CoAP',
    '{{I-D.ietf-ace-coap-est}}; see {{more}} and {{?RFC8572}}.',
    '',
    '## More {#more}',
    '',
    '* LoRaWAN [joins](#lorawan) by over-the-air activation.',
    '',
    '~~~',
    '# not a heading',
    '~~~',
    '',
    '# Acknowledgments {:numbered="false"}',
    '',
    'Thanks.',
    '',
    '--- back',
    '',
    '# Changes',
    '',
    'None.',
  ].join('\n');
  const draft = parseDraft(source, { fileName: 'draft-example-t2trg-kramdown-03.md' });

  it('reads the front matter, headings and {{citations}}; the file name gives the revision of a -latest docname', () => {
    expect([draft.name, draft.revision, draft.format, draft.title]).toEqual([
      'draft-example-t2trg-kramdown',
      '03',
      'kramdown-rfc',
      'A Kramdown Example',
    ]);
    expect(draft.sections.map((s) => [s.number, s.title, s.citations])).toEqual([
      ['1', 'Introduction', ['RFC8995', 'I-D.ietf-ace-coap-est', 'RFC8572']],
      ['1.1', 'More', ['lorawan']],
      ['A', 'Changes', []],
    ]);
    expect(draft.sections[0]!.text).toBe(
      'BRSKI [RFC8995] and EST over CoAP [I-D.ietf-ace-coap-est]; see Section 1.1 and [RFC8572].',
    );
    expect(draft.references).toEqual([
      { anchor: 'RFC8995', title: '', rfc: 8995, draft: null, kind: 'normative' },
      { anchor: 'I-D.ietf-ace-coap-est', title: '', rfc: null, draft: 'draft-ietf-ace-coap-est', kind: 'informative' },
      { anchor: 'lorawan', title: 'LoRaWAN Specification', rfc: null, draft: null, kind: 'informative' },
      { anchor: 'RFC8572', title: '', rfc: 8572, draft: null, kind: 'informative' },
    ]);
  });
});

describe('format detection and errors', () => {
  it('takes the revision from the file name when the source gives none', () => {
    const xml = '<rfc docName="draft-example-x"><front><title>X</title></front><middle><section title="One"><t>Text.</t></section></middle></rfc>';
    expect(parseDraft(xml, { fileName: 'draft-example-x-07.xml' })).toMatchObject({ name: 'draft-example-x', revision: '07' });
    expect(parseDraft(xml)).toMatchObject({ name: 'draft-example-x', revision: null, format: 'xml2rfc-v2' });
  });

  it('reads an unpaginated text rendering with no pages and no boilerplate', () => {
    const text = ['A Short Draft', '   draft-example-short-02', '', '1. Introduction', '', '   Some text', '   that wraps.', '', '2. References', '', '   [RFC8995]  (included by reference: RFC 8995)', ''].join('\n');
    const draft = parseDraft(text);
    expect(draft).toMatchObject({ name: 'draft-example-short', revision: '02', title: 'A Short Draft', format: 'txt' });
    expect(draft.sections).toEqual([{ number: '1', title: 'Introduction', text: 'Some text that wraps.', citations: [] }]);
    expect(draft.references).toEqual([{ anchor: 'RFC8995', title: '', rfc: 8995, draft: null, kind: 'informative' }]);
  });

  it('says why when the content is not a draft', () => {
    expect(() => parseDraft('Dear chairs,\n\n  this is an email.\n')).toThrow(DraftParseError);
    expect(() => parseDraft('<html><body/></html>')).toThrow(/root element is <html>, not <rfc>/);
    expect(() => parseDraft('<rfc>\n  <middle><section title="A"><t>x</section></middle></rfc>')).toThrow(XmlSyntaxError);
    expect(() => parseDraft('<rfc>\n  <middle><section title="A"><t>x</section></middle></rfc>')).toThrow(
      'XML line 2, column 34: </section> closes <t>',
    );
    expect(() => parseDraft('<rfc><middle><section title="A"><t>&RFC1;</t></section></middle></rfc>')).toThrow(/undeclared entity &RFC1;/);
  });
});
