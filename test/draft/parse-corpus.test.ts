import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDraft, type Draft } from '../../src/draft/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';

function corpusDraft(file: string): Draft {
  return parseDraft(readFileSync(corpusPath(`drafts/${file}`), 'utf8'), { fileName: file });
}

const section = (draft: Draft, number: string) => draft.sections.find((s) => s.number === number)!;
const reference = (draft: Draft, anchor: string) => draft.references.find((r) => r.anchor === anchor)!;

const sbootstrapping11Sections = [
  '1', '2', '3', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.6.1', '3.6.2', '3.6.3', '3.6.4',
  '4', '5', '6', '7', '7.1', '7.1.1', '7.2', '7.3', '7.4', '8', '9', '10',
];

describe.skipIf(!hasCorpus)('real drafts of the shared corpus', () => {
  describe('draft-irtf-t2trg-security-setup-iot-devices-00.txt (official paginated layout)', () => {
    const draft = hasCorpus ? corpusDraft('draft-irtf-t2trg-security-setup-iot-devices-00.txt') : (null as never);

    it('reads name, revision and the centred title', () => {
      expect([draft.name, draft.revision, draft.format]).toEqual(['draft-irtf-t2trg-security-setup-iot-devices', '00', 'txt']);
      expect(draft.title).toBe('Terminology and processes for initial security setup of IoT devices');
    });

    it('finds the 24 body sections, not the boilerplate, the table of contents or the references', () => {
      expect(draft.sections.map((s) => s.number)).toEqual([
        '1', '2', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11',
        '3', '3.1', '3.2', '3.3', '3.3.1', '3.3.2', '3.4', '3.5', '4', '5', '6',
      ]);
      expect(section(draft, '2.7').title).toBe('Bootstrapping Remote Secure Key Infrastructures (BRSKI)');
      expect(section(draft, '2.11').title).toBe('Thread');
      expect(section(draft, '3.3.2').title).toBe('Initial trust based on the credentials installed');
      for (const s of draft.sections) {
        expect(s.text).not.toMatch(/\f|\[Page \d+\]|Internet-Draft {2,}IoT initial|Copyright \(c\)|\. \. \. \./);
      }
    });

    it('repairs line breaks, hyphenated breaks and paragraphs split by page breaks', () => {
      // Page 3 ends in the middle of this sentence.
      expect(section(draft, '1').text).toContain('Moreover, security setup procedures have diverse initial assumptions about the device being setup.');
      expect(section(draft, '2.1').text).toContain('DPP has the following three phases/sub-protocols:');
      expect(section(draft, '2.3').text).toContain('the onboarding tool provisions/configures the device with Owner credentials.');
      expect(section(draft, '1').text.split('\n\n')[1]).toMatch(/^Initial security setup for IoT devices is challenging because/);
    });

    it('lists the citations of each section', () => {
      expect(section(draft, '2.8').citations).toEqual(['RFC8572', 'RFC6241', 'RFC8040', 'RFC8366']);
      expect(section(draft, '2.6').citations).toEqual(['RFC7030', 'RFC5272', 'RFC9148']);
      expect(section(draft, '2.10').citations).toEqual(['RFC8376', 'LoRaWAN', 'RFC2904']);
    });

    it('reads all 24 references, across page breaks, with anchors on a line of their own', () => {
      expect(draft.references.map((r) => r.anchor)).toEqual([
        'dpp', 'fidospec', 'LoRaWAN', 'ocf', 'oma', 'RFC2904', 'RFC4291', 'RFC5272', 'RFC6241', 'RFC7030', 'RFC7228',
        'RFC7230', 'RFC7252', 'RFC8040', 'RFC8366', 'RFC8376', 'RFC8572', 'RFC8949', 'RFC8995', 'RFC9140', 'RFC9148',
        'Sethi14', 'simpleconn', 'threadcommissioning',
      ]);
      expect(draft.references.every((r) => r.kind === 'informative')).toBe(true);
      expect(reference(draft, 'dpp').title).toBe('Wi-Fi Device Provisioning Protocol (DPP)');
      expect(reference(draft, 'RFC9148')).toEqual({
        anchor: 'RFC9148',
        title: 'EST-coaps: Enrollment over Secure Transport with the Secure Constrained Application Protocol',
        rfc: 9148,
        draft: null,
        kind: 'informative',
      });
      expect(reference(draft, 'simpleconn').title).toBe('Wi-Fi Simple Configuration');
      expect(reference(draft, 'threadcommissioning').title).toBe('Thread Commissioning');
    });
  });

  describe('draft-sarikaya-t2trg-sbootstrapping-11: the XML source and its unpaginated rendering', () => {
    const xml = hasCorpus ? corpusDraft('draft-sarikaya-t2trg-sbootstrapping-11.xml') : (null as never);
    const txt = hasCorpus ? corpusDraft('draft-sarikaya-t2trg-sbootstrapping-11.unpaginated.txt') : (null as never);

    it('reads the same name, revision and title from both', () => {
      for (const draft of [xml, txt]) {
        expect([draft.name, draft.revision, draft.title]).toEqual(['draft-sarikaya-t2trg-sbootstrapping', '11', 'Secure IoT Bootstrapping: A Survey']);
      }
      expect([xml.format, txt.format]).toEqual(['xml2rfc-v2', 'txt']);
    });

    it('numbers the same 25 sections with the same titles', () => {
      expect(xml.sections.map((s) => s.number)).toEqual(sbootstrapping11Sections);
      expect(txt.sections.map((s) => [s.number, s.title])).toEqual(xml.sections.map((s) => [s.number, s.title]));
      expect(section(xml, '3.6.3').title).toBe('Secure Zero Touch Provisioning');
      expect(section(xml, '7.1.1').title).toBe('Bootstrapping in LPWAN');
    });

    it('finds the same citations in every section', () => {
      expect(txt.sections.map((s) => s.citations)).toEqual(xml.sections.map((s) => s.citations));
      expect(section(xml, '3.6.1').citations).toEqual(['RFC7030', 'RFC5272', 'I-D.ietf-ace-coap-est']);
      // In the rendering this anchor is broken over two lines: "[I-D.ietf-" / "anima-bootstrapping-keyinfra]".
      expect(section(txt, '3.6.2').citations).toEqual(['I-D.ietf-anima-bootstrapping-keyinfra', 'RFC7228']);
      expect(section(xml, '7.2').citations).toEqual(['devicepairing', 'proximate', 'I-D.ietf-emu-eap-noob', 'threadcommissioning', 'RFC4291']);
    });

    it('keeps the text of a section whose list is followed by more text inside the same <t>', () => {
      expect(section(xml, '3.3').text).toContain('* Vendor specific: Vendors implement their own transfer method that accommodates any specific device constraints.\n\nOnce the onboarding tool');
    });

    it('resolves the 31 references included by name and reads the 24 written out', () => {
      expect(xml.references).toHaveLength(55);
      expect(new Set(txt.references.map((r) => r.anchor))).toEqual(new Set(xml.references.map((r) => r.anchor)));
      expect(xml.references.filter((r) => r.title === '')).toHaveLength(31);
      expect(reference(xml, 'I-D.ietf-ace-coap-est')).toEqual({
        anchor: 'I-D.ietf-ace-coap-est',
        title: '',
        rfc: null,
        draft: 'draft-ietf-ace-coap-est',
        kind: 'informative',
      });
      expect(reference(txt, 'RFC8572')).toMatchObject({ rfc: 8572, draft: null });
      expect(reference(xml, 'threadcommissioning')).toMatchObject({ title: 'Thread Commissioning', rfc: null, draft: null });
      expect(reference(txt, 'fidospec').title).toBe('FIDO IoT Spec');
    });
  });

  describe('earlier and later XML revisions', () => {
    it('-00 has a normative and an informative references section', () => {
      const draft = corpusDraft('draft-sarikaya-t2trg-sbootstrapping-00.xml');
      expect(draft.revision).toBe('00');
      expect(draft.sections.map((s) => `${s.number} ${s.title}`)).toEqual([
        '1 Introduction', '2 Terminology', '3 Analysis of available mechanisms', '3.1 Managed/Centralized',
        '3.2 P2P/Adhoc', '3.3 Miscellaneous', '4 Discussion', '5 Security Considerations', '6 Acknowledgements',
      ]);
      expect(draft.references.filter((r) => r.kind === 'normative')).toHaveLength(27);
      expect(draft.references.filter((r) => r.kind === 'informative')).toHaveLength(11);
      expect(reference(draft, 'I-D.pritikin-anima-bootstrapping-keyinfra').draft).toBe('draft-pritikin-anima-bootstrapping-keyinfra');
    });

    it('-01 and -03 number their sections as xml2rfc did', () => {
      expect(corpusDraft('draft-sarikaya-t2trg-sbootstrapping-01.xml').sections.map((s) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
      const draft03 = corpusDraft('draft-sarikaya-t2trg-sbootstrapping-03.xml');
      expect(draft03.sections.map((s) => s.number)).toEqual(['1', '2', '3', '4', '4.1', '4.2', '4.3', '5', '6', '7']);
      expect(section(draft03, '4.2').title).toBe('Peer to Peer or Adhoc Methods');
      expect(draft03.references).toHaveLength(50);
    });

    it("the -12 editor's copy says -12 in its docName", () => {
      const draft = corpusDraft('draft-sarikaya-t2trg-sbootstrapping-12-editors-copy.xml');
      expect([draft.name, draft.revision]).toEqual(['draft-sarikaya-t2trg-sbootstrapping', '12']);
      expect(draft.sections.map((s) => s.number)).toEqual(sbootstrapping11Sections);
    });
  });

  describe('kramdown-rfc sources', () => {
    it('-00.md has the sections and references of -11, its revision from the file name', () => {
      const md = corpusDraft('draft-irtf-t2trg-secure-bootstrapping-00.md');
      const xml = corpusDraft('draft-sarikaya-t2trg-sbootstrapping-11.xml');
      expect([md.name, md.revision, md.format]).toEqual(['draft-irtf-t2trg-secure-bootstrapping', '00', 'kramdown-rfc']);
      expect(md.sections.map((s) => [s.number, s.title])).toEqual(xml.sections.map((s) => [s.number, s.title]));
      expect(new Set(md.references.map((r) => r.anchor))).toEqual(new Set(xml.references.map((r) => r.anchor)));
      expect(section(md, '1').citations).toEqual(['Sethi14', 'simpleconn', 'iotwork', 'vermillard']);
      expect(reference(md, 'fidospec').title).toBe('FIDO IoT Spec');
    });

    it('-01.md has the new section layout', () => {
      const md = corpusDraft('draft-irtf-t2trg-secure-bootstrapping-01.md');
      expect(md.revision).toBe('01');
      expect(md.sections.map((s) => s.number)).toEqual([
        '1', '2', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11',
        '3', '3.1', '3.2', '3.3', '3.4', '3.5', '4', '5', '6',
      ]);
      expect(section(md, '2.11')).toMatchObject({ title: 'Thread', citations: ['threadcommissioning', 'RFC4291'] });
    });
  });
});
