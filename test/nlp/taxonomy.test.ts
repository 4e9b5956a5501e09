import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractMentions, loadTaxonomy, TaxonomyError } from '../../src/nlp/index.js';
import { fixturePath } from '../helpers/corpus.js';

const builtIn = loadTaxonomy();

/** The ids the bundled archive's hand labels use (fixtures/archive/labels.json). */
const labelIds = [
  ...new Set(
    Object.values(JSON.parse(readFileSync(fixturePath('archive/labels.json'), 'utf8')) as Record<string, { technologies: string[] }>).flatMap(
      (label) => label.technologies,
    ),
  ),
];

describe('the built-in taxonomy', () => {
  it('has at least 120 technologies, each with every field filled', () => {
    expect(builtIn.technologies.length).toBeGreaterThanOrEqual(120);
    for (const technology of builtIn.technologies) {
      expect(technology.name, technology.id).not.toBe('');
      expect(technology.org, technology.id).not.toBe('');
      expect(technology.category, technology.id).not.toBe('');
      expect(Array.isArray(technology.aliases) && Array.isArray(technology.rfcs) && Array.isArray(technology.drafts), technology.id).toBe(true);
    }
  });

  it('has an entry for every id the fixture labels use', () => {
    expect(labelIds).toHaveLength(30);
    expect(labelIds.filter((id) => !builtIn.byId(id))).toEqual([]);
  });

  it('keeps the distinctions the survey draft makes, as separate entries', () => {
    const pairs = [
      ['bluetooth', 'bluetooth-mesh'],
      ['fido', 'fdo'],
      ['est', 'est-coaps'],
      ['brski', 'cbrski'],
      ['sim', 'esim'],
      ['dice', 'tls-iot-profile'],
    ];
    for (const [a, b] of pairs) expect([builtIn.byId(a!)?.name, builtIn.byId(b!)?.name]).toEqual([expect.any(String), expect.any(String)]);
    expect(builtIn.byId('thread')!.aliases).toContain('Thread commissioning');
    expect(builtIn.byId('matter')!.aliases).toEqual(expect.arrayContaining(['CHIP', 'Project CHIP', 'Connected Home over IP']));
  });

  it('covers the organisations the issue names', () => {
    const orgs = builtIn.technologies.map((t) => t.org).join(' | ');
    for (const org of ['IETF', 'IEEE', '3GPP', 'GSMA', 'W3C', 'OMA', 'Open Connectivity Foundation', 'FIDO Alliance', 'Wi-Fi Alliance', 'Bluetooth SIG', 'Thread Group', 'Connectivity Standards Alliance', 'LoRa Alliance', 'OPC Foundation', 'TCG', 'GlobalPlatform']) {
      expect(orgs, org).toContain(org);
    }
  });

  it('finds technologies by id, RFC number and draft name with or without revision', () => {
    expect(builtIn.byId('mud')?.name).toBe('MUD');
    expect(builtIn.byId('no-such-thing')).toBeUndefined();
    expect(builtIn.byRfc(8520)?.id).toBe('mud');
    expect(builtIn.byRfc(8995)?.id).toBe('brski');
    expect(builtIn.byRfc(9140)?.id).toBe('eap-noob');
    expect(builtIn.byRfc(1)).toBeUndefined();
    expect(builtIn.byDraft('draft-ietf-anima-constrained-voucher')?.id).toBe('cbrski');
    expect(builtIn.byDraft('draft-ietf-anima-constrained-voucher-09')?.id).toBe('cbrski');
    expect(builtIn.byDraft('I-D.ietf-ace-coap-est')?.id).toBe('est-coaps');
    expect(builtIn.byDraft('Draft-IETF-SUIT-Manifest-11')?.id).toBe('suit');
    expect(builtIn.byDraft('draft-aura-eap-noob')?.id).toBe('eap-noob');
    expect(builtIn.byDraft('draft-sarikaya-t2trg-sbootstrapping')).toBeUndefined();
  });
});

describe('loadTaxonomy with user files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'listlens-taxonomy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const userFile = (name: string, content: unknown): string => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const entry = (fields: Record<string, unknown>): Record<string, unknown> => ({
    id: 'sep2',
    name: 'IEEE 2030.5',
    org: 'IEEE',
    category: 'application-protocol',
    ...fields,
  });
  const errorOf = (files: string[]): string => {
    try {
      loadTaxonomy(files);
    } catch (error) {
      expect(error).toBeInstanceOf(TaxonomyError);
      return (error as Error).message;
    }
    throw new Error('loadTaxonomy accepted the file');
  };

  it('adds new ids at the end and replaces an existing id in its place', () => {
    const taxonomy = loadTaxonomy([fixturePath('nlp/extra-technologies.json')]);
    expect(taxonomy.technologies).toHaveLength(builtIn.technologies.length + 2);
    expect(taxonomy.technologies.slice(-2).map((t) => t.id)).toEqual(['sep2', 'knx-secure']);
    const sigfoxAt = builtIn.technologies.findIndex((t) => t.id === 'sigfox');
    expect(taxonomy.technologies[sigfoxAt]).toEqual({
      id: 'sigfox',
      name: 'Sigfox',
      aliases: ['Sigfox 0G', '0G network'],
      rfcs: [],
      drafts: [],
      org: 'UnaBiz',
      category: 'link-layer',
    });
    expect(taxonomy.byId('sep2')).toEqual({
      id: 'sep2',
      name: 'IEEE 2030.5',
      aliases: ['Smart Energy Profile 2.0', 'SEP 2.0', 'SEP2'],
      rfcs: [],
      drafts: [],
      org: 'IEEE',
      category: 'application-protocol',
    });
  });

  it('matches the added names and applies their rules', () => {
    const taxonomy = loadTaxonomy([fixturePath('nlp/extra-technologies.json')]);
    const text = 'Our meters speak Smart Energy Profile 2.0 and the KNX gateway joins at 10:00 KNX time.';
    expect(extractMentions(taxonomy, text, 'm').map((m) => [m.technologyId, m.matched])).toEqual([
      ['sep2', 'Smart Energy Profile 2.0'],
      ['knx-secure', 'KNX'],
    ]);
    expect(extractMentions(builtIn, text, 'm')).toEqual([]);
  });

  it('merges several files in order, the later replacing the earlier', () => {
    const later = userFile('later.json', [entry({ name: 'SEP 2', aliases: [] })]);
    const taxonomy = loadTaxonomy([fixturePath('nlp/extra-technologies.json'), later]);
    expect(taxonomy.byId('sep2')?.name).toBe('SEP 2');
    expect(taxonomy.byId('sep2')?.aliases).toEqual([]);
  });

  it('names the file, the entry and the field of a misspelt field', () => {
    const file = fixturePath('nlp/misspelt-field.json');
    expect(errorOf([file])).toBe(`${file}: entry 2 ("dlms"): unknown field "alias" (fields: id, name, aliases, rfcs, drafts, org, category, rules)`);
  });

  it.each([
    ['not an array', { id: 'x' }, 'must be a JSON array of technology entries'],
    ['an entry that is no object', ['sep2'], 'entry 1: must be an object with id, name, org and category'],
    ['a bad id', [entry({ id: 'Sep 2' })], 'entry 1 ("Sep 2"): "id" must be lower-case letters, digits and hyphens, like "eap-noob"'],
    ['a missing id', [entry({ id: undefined })], 'entry 1: "id" must be lower-case letters, digits and hyphens, like "eap-noob"'],
    ['a missing name', [entry({ name: undefined })], 'entry 1 ("sep2"): "name" must be a non-empty string'],
    ['an empty org', [entry({ org: ' ' })], 'entry 1 ("sep2"): "org" must be a non-empty string'],
    ['aliases as a string', [entry({ aliases: 'SEP 2.0' })], 'entry 1 ("sep2"): "aliases" must be a list of strings'],
    ['an empty alias', [entry({ aliases: ['SEP 2.0', '--'] })], 'entry 1 ("sep2"): "aliases" item 2 must be a string with at least one letter or digit'],
    ['an RFC written as text', [entry({ rfcs: ['RFC 8520'] })], 'entry 1 ("sep2"): "rfcs": "RFC 8520" is not an RFC number (write 8520, not "RFC 8520")'],
    ['a draft with revision', [entry({ drafts: ['draft-ietf-foo-bar-03'] })], 'entry 1 ("sep2"): "drafts": "draft-ietf-foo-bar-03" has a revision; write "draft-ietf-foo-bar"'],
    ['a draft that is no draft name', [entry({ drafts: ['ietf-foo-bar'] })], 'entry 1 ("sep2"): "drafts": "ietf-foo-bar" is not a draft name (lower case, like "draft-ietf-anima-constrained-voucher")'],
    ['an unknown rule', [entry({ rules: { casesensitive: true } })], 'entry 1 ("sep2"): unknown field "rules.casesensitive" (fields: caseSensitive, requireNearby, rejectNearby, window)'],
    ['a rule of the wrong type', [entry({ rules: { caseSensitive: 'yes' } })], 'entry 1 ("sep2"): "rules.caseSensitive" must be true or false'],
    ['nearby words as a string', [entry({ rules: { requireNearby: 'meter' } })], 'entry 1 ("sep2"): "rules.requireNearby" must be a list of strings'],
    ['a window of 0', [entry({ rules: { window: 0 } })], 'entry 1 ("sep2"): "rules.window" must be a whole number from 1 to 10'],
    ['an id twice', [entry({}), entry({ name: 'SEP 2' })], 'entry 2 ("sep2"): "id" is used by an earlier entry of this file'],
  ])('rejects %s with one line', (_case, content, message) => {
    const file = userFile('bad.json', content);
    const error = errorOf([file]);
    expect(error).toBe(`${file}: ${message}`);
    expect(error).not.toContain('\n');
  });

  it('rejects a name, RFC or draft that another entry already claims, blaming the user file', () => {
    const alias = userFile('alias.json', [entry({ aliases: ['MUD'] })]);
    expect(errorOf([alias])).toBe(`${alias}: entry "sep2": name or alias "MUD" already belongs to "mud"`);
    const rfc = userFile('rfc.json', [entry({ rfcs: [8366] })]);
    expect(errorOf([rfc])).toBe(`${rfc}: entry "sep2": RFC 8366 already belongs to "voucher"`);
    const draft = userFile('draft.json', [entry({ drafts: ['draft-ietf-ace-coap-est'] })]);
    expect(errorOf([draft])).toBe(`${draft}: entry "sep2": draft draft-ietf-ace-coap-est already belongs to "est-coaps"`);
    const replaced = userFile('replaced.json', [{ id: 'thread', name: 'Thread', aliases: ['Zigbee'], org: 'Thread Group', category: 'onboarding' }]);
    expect(errorOf([replaced])).toBe(`${replaced}: entry "thread": name or alias "Zigbee" already belongs to "zigbee"`);
  });

  it('treats hyphen and space spellings of a name as the same name', () => {
    const file = userFile('spelling.json', [entry({ aliases: ['Wi Fi'] })]);
    expect(errorOf([file])).toBe(`${file}: entry "sep2": name or alias "Wi Fi" already belongs to "wifi"`);
  });

  it('reports a file that cannot be read or is not JSON', () => {
    const missing = path.join(dir, 'missing.json');
    expect(errorOf([missing])).toBe(`${missing}: cannot read: ENOENT: no such file or directory`);
    const broken = userFile('broken.json', '[{"id": "x",}]');
    expect(errorOf([broken]).startsWith(`${broken}: not valid JSON: `)).toBe(true);
  });
});
