import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draftCoverage, parseDraft, type Draft, type TechnologyCoverage } from '../../src/draft/index.js';
import { loadTaxonomy } from '../../src/nlp/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';

function corpusDraft(file: string): Draft {
  return parseDraft(readFileSync(corpusPath(`drafts/${file}`), 'utf8'), { fileName: file });
}

const sectionNumbers = (coverage: TechnologyCoverage) => coverage.sections.map((s) => s.number);

/** What -11 discusses, and where: the acceptance point of the coverage report. */
const coveredBy11: Record<string, string[]> = {
  dpp: ['3.1', '4'],
  lwm2m: ['3.2', '7.1'],
  ocf: ['3.3'],
  bluetooth: ['3.4', '3.5', '6', '7.1.1', '7.2'],
  fido: ['3.5'],
  est: ['3.6.1', '4'],
  brski: ['3.6.2', '3.6.3', '6'],
  sztp: ['3.6.3'],
  'eap-noob': ['3.6.4', '7.2'],
  thread: ['7.2'],
  lorawan: ['7.1.1'],
};
const notCoveredBy11: Record<string, TechnologyCoverage['notCoveredBecause']> = {
  'opc-ua': null,
  suit: 'only-inside-another-word',
  mud: null,
  oscore: null,
  edhoc: null,
};

describe.skipIf(!hasCorpus)('coverage of the real draft-sarikaya-t2trg-sbootstrapping-11', () => {
  const taxonomy = loadTaxonomy();
  const ids = [...Object.keys(coveredBy11), ...Object.keys(notCoveredBy11)];
  const formats: [format: string, coverage: TechnologyCoverage[]][] = hasCorpus
    ? [
        ['xml', draftCoverage(corpusDraft('draft-sarikaya-t2trg-sbootstrapping-11.xml'), taxonomy, ids)],
        ['txt', draftCoverage(corpusDraft('draft-sarikaya-t2trg-sbootstrapping-11.unpaginated.txt'), taxonomy, ids)],
      ]
    : [];

  for (const [format, coverage] of formats) {
    it(`${format}: finds DPP, LwM2M, OCF, Bluetooth, FIDO, EST, BRSKI, SZTP, EAP-NOOB, Thread commissioning and LoRaWAN in their sections`, () => {
      for (const [id, sections] of Object.entries(coveredBy11)) {
        const found = coverage.find((c) => c.technologyId === id)!;
        expect([found.covered, sectionNumbers(found)], id).toEqual([true, sections]);
      }
    });

    it(`${format}: does not find OPC UA, SUIT, MUD, OSCORE or EDHOC`, () => {
      for (const [id, reason] of Object.entries(notCoveredBy11)) {
        expect(coverage.find((c) => c.technologyId === id), id).toEqual({ technologyId: id, covered: false, sections: [], notCoveredBecause: reason });
      }
    });
  }

  it('names the sections by their titles', () => {
    const xml = formats[0]![1];
    expect(xml.find((c) => c.technologyId === 'thread')!.sections).toEqual([{ number: '7.2', title: 'Peer-to-Peer or Ad-hoc Methods' }]);
    expect(xml.find((c) => c.technologyId === 'sztp')!.sections).toEqual([{ number: '3.6.3', title: 'Secure Zero Touch Provisioning' }]);
  });

  it('gives the same verdicts and section numbers from the XML and its text rendering, for every technology', () => {
    const verdicts = (file: string) =>
      draftCoverage(corpusDraft(file), taxonomy).map((c) => [c.technologyId, c.covered, c.notCoveredBecause, sectionNumbers(c)]);
    expect(verdicts('draft-sarikaya-t2trg-sbootstrapping-11.unpaginated.txt')).toEqual(verdicts('draft-sarikaya-t2trg-sbootstrapping-11.xml'));
  });

  it('shows what a later revision added: the paginated -00 of the research-group draft names OSCORE in its LwM2M section', () => {
    const later = draftCoverage(corpusDraft('draft-irtf-t2trg-security-setup-iot-devices-00.txt'), taxonomy, ['oscore', 'thread', 'sztp']);
    expect(later.map((c) => [c.technologyId, sectionNumbers(c)])).toEqual([
      ['oscore', ['2.2']],
      ['thread', ['2.11', '3.1', '3.3.2', '3.5']],
      ['sztp', ['2.8', '3.1', '3.3.2', '3.5']],
    ]);
  });
});
