import { describe, expect, it } from 'vitest';
import { extractMentions, loadTaxonomy, type Mention } from '../../src/nlp/index.js';

const taxonomy = loadTaxonomy();
const messageId = 'CAH7Rq+9example@mail.gmail.com';

type Found = [technologyId: string, matched: string, via: Mention['via']];

function found(text: string): Found[] {
  return extractMentions(taxonomy, text, messageId).map((m): Found => [m.technologyId, m.matched, m.via]);
}

describe('names and aliases', () => {
  it('gives each mention its offsets, the sentence it is in and the message', () => {
    const text = 'Thanks, Pekka.\n\nBRSKI is fine as it is, e.g. for routers. But the EST section\nneeds work before adoption.';
    expect(extractMentions(taxonomy, text, messageId)).toEqual([
      { technologyId: 'brski', messageId, start: 16, end: 21, matched: 'BRSKI', via: 'name', sentence: 'BRSKI is fine as it is, e.g. for routers.' },
      {
        technologyId: 'est',
        messageId,
        start: text.indexOf('EST'),
        end: text.indexOf('EST') + 3,
        matched: 'EST',
        via: 'name',
        sentence: 'But the EST section\nneeds work before adoption.',
      },
    ]);
  });

  it('matches multi-word aliases and takes the longest name that fits', () => {
    expect(found('For gateways we run Secure Zero Touch Provisioning, then Constrained BRSKI and plain BRSKI.')).toEqual([
      ['sztp', 'Secure Zero Touch Provisioning', 'alias'],
      ['cbrski', 'Constrained BRSKI', 'name'],
      ['brski', 'BRSKI', 'name'],
    ]);
    expect(found('FIDO Device Onboard, EST-coaps and EST over CoAP are separate things from FIDO2 and EST.')).toEqual([
      ['fdo', 'FIDO Device Onboard', 'alias'],
      ['est-coaps', 'EST-coaps', 'alias'],
      ['est-coaps', 'EST over CoAP', 'name'],
      ['fido', 'FIDO2', 'alias'],
      ['est', 'EST', 'name'],
    ]);
  });

  it('accepts hyphen, Unicode hyphen, space and no hyphen alike', () => {
    expect(found('Wi-Fi, Wi\u2011Fi, WiFi and Wi Fi; EAP\u2011NOOB, EAP-NOOB and EAP NOOB.')).toEqual([
      ['wifi', 'Wi-Fi', 'name'],
      ['wifi', 'Wi\u2011Fi', 'name'],
      ['wifi', 'WiFi', 'name'],
      ['wifi', 'Wi Fi', 'name'],
      ['eap-noob', 'EAP\u2011NOOB', 'name'],
      ['eap-noob', 'EAP-NOOB', 'name'],
      ['eap-noob', 'EAP NOOB', 'name'],
    ]);
  });

  it('finds a name broken over two lines, also after a hyphen', () => {
    const text = 'for those Secure Zero\nTouch Provisioning is what we use, with EAP-\nNOOB for the rest';
    const mentions = extractMentions(taxonomy, text, messageId);
    expect(mentions.map((m) => [m.technologyId, m.start, m.end, m.matched])).toEqual([
      ['sztp', 10, 40, 'Secure Zero\nTouch Provisioning'],
      ['eap-noob', 62, 71, 'EAP-\nNOOB'],
    ]);
  });

  it('does not join the words of a name across a full stop, a comma or a blank line', () => {
    expect(found('We tried Bluetooth. Mesh networks came later.')).toEqual([['bluetooth', 'Bluetooth', 'name']]);
    expect(found('OPC, UA and the rest')).toEqual([]);
    expect(found('Secure Zero\n\nTouch Provisioning')).toEqual([]);
  });

  it('takes a plural on the last word of a name', () => {
    expect(found('Both TPMs and eSIMs hold keys; SUIT manifests and MUD files describe the device.')).toEqual([
      ['tpm', 'TPMs', 'name'],
      ['esim', 'eSIMs', 'name'],
      ['suit', 'SUIT manifests', 'alias'],
      ['mud', 'MUD files', 'alias'],
    ]);
  });

  it('ignores case for names without rules', () => {
    expect(found('LWM2M and lorawan, written carelessly')).toEqual([
      ['lwm2m', 'LWM2M', 'name'],
      ['lorawan', 'lorawan', 'name'],
    ]);
  });

  it('reads no names inside URLs or mail addresses', () => {
    expect(found('See https://openthread.io/guides/thread-primer and https://example.com/lorawan/OSCORE or write to lorawan@example.org.')).toEqual([]);
  });
});

describe('RFC references', () => {
  it.each([
    ['RFC 8520', 'RFC 8520'],
    ['RFC8520', 'RFC8520'],
    ['[RFC8520]', 'RFC8520'],
    ['rfc-8520', 'rfc-8520'],
    ['RFC-8520', 'RFC-8520'],
    ['RFC_8520', 'RFC_8520'],
    ['RFC\u00a08520', 'RFC\u00a08520'],
    ['RFC\n8520', 'RFC\n8520'],
    ['https://www.rfc-editor.org/rfc/rfc8520.html', 'rfc8520'],
    ['https://datatracker.ietf.org/doc/html/rfc8520', 'rfc8520'],
  ])('resolves %j', (written, matched) => {
    const start = 'See '.length + written.indexOf(matched);
    expect(extractMentions(taxonomy, `See ${written} for it.`, messageId)).toEqual([
      { technologyId: 'mud', messageId, start, end: start + matched.length, matched, via: 'rfc', sentence: `See ${written} for it.` },
    ]);
  });

  it('resolves each number of a list', () => {
    expect(found('RFCs 8995 and 8366 agree; so do RFC 7030, 8995, and RFC 8366, and RFC 8572/8366.')).toEqual([
      ['brski', 'RFCs 8995', 'rfc'],
      ['voucher', '8366', 'rfc'],
      ['est', 'RFC 7030', 'rfc'],
      ['brski', '8995', 'rfc'],
      ['voucher', 'RFC 8366', 'rfc'],
      ['sztp', 'RFC 8572', 'rfc'],
      ['voucher', '8366', 'rfc'],
    ]);
  });

  it('ignores RFCs the taxonomy does not list and words that only start like one', () => {
    expect(found('Per RFC 2119, the RFC-editor and xRFC8520 and RFC 85201 do not count.')).toEqual([]);
  });
});

describe('draft names', () => {
  it('resolves names with and without revision, I-D. anchors and URLs', () => {
    expect(
      found(
        'draft-ietf-anima-constrained-voucher-09, draft-ietf-anima-constrained-voucher, [I-D.ietf-ace-coap-est], ' +
          'I-D.draft-ietf-rats-architecture and https://datatracker.ietf.org/doc/draft-ietf-suit-manifest/',
      ),
    ).toEqual([
      ['cbrski', 'draft-ietf-anima-constrained-voucher-09', 'draft'],
      ['cbrski', 'draft-ietf-anima-constrained-voucher', 'draft'],
      ['est-coaps', 'I-D.ietf-ace-coap-est', 'draft'],
      ['rats', 'I-D.draft-ietf-rats-architecture', 'draft'],
      ['suit', 'draft-ietf-suit-manifest', 'draft'],
    ]);
  });

  it('reads no names inside a draft name', () => {
    expect(found('draft-ietf-ace-coap-est-18 and draft-ietf-core-object-security')).toEqual([
      ['est-coaps', 'draft-ietf-ace-coap-est-18', 'draft'],
      ['oscore', 'draft-ietf-core-object-security', 'draft'],
    ]);
  });

  it('joins a name wrapped after a hyphen, unless the line break ended it', () => {
    expect(found('BRSKI [I-D.ietf-\n   anima-bootstrapping-keyinfra] needs')).toEqual([
      ['brski', 'BRSKI', 'name'],
      ['brski', 'I-D.ietf-\n   anima-bootstrapping-keyinfra', 'draft'],
    ]);
    expect(found('see draft-ietf-lake-edhoc-\nwork on it')).toEqual([['edhoc', 'draft-ietf-lake-edhoc', 'draft']]);
  });

  it('ignores drafts the taxonomy does not list and words that are not draft names', () => {
    expect(found('draft-sarikaya-t2trg-sbootstrapping-11 is a draft-standard text')).toEqual([]);
  });
});

describe('ambiguous names', () => {
  it.each<[string, string, Found[]]>([
    ['Thread', 'Thread commissioning needs its own section.', [['thread', 'Thread commissioning', 'alias']]],
    ['Thread', 'First, the commissioning description for Thread is accurate.', [['thread', 'Thread', 'name']]],
    ['Thread', 'The Thread Group publishes it.', [['thread', 'Thread Group', 'alias']]],
    ['Thread', 'Having spent an evening reading the thread so far, I agree.', []],
    ['Thread', 'This Thread was long.', []],
    ['Thread', 'Reading the Thread so far, I agree.', []],
    ['Matter', 'Matter devices ship this year.', [['matter', 'Matter', 'name']]],
    ['Matter', 'CHIP commissioning and Project CHIP are the same work.', [['matter', 'CHIP', 'alias'], ['matter', 'Project CHIP', 'alias']]],
    ['Matter', 'I would like a section on attestation, no matter what the authors decide.', []],
    ['Matter', 'It does not matter.', []],
    ['CHIP', 'The key is fused into the chip.', []],
    ['CHIP', 'A CHIP shortage is not our problem.', []],
    ['CHIP', 'whereas the CHIP Wi-Fi path hands over the credentials', [['matter', 'CHIP', 'alias'], ['wifi', 'Wi-Fi', 'name']]],
    ['CHIP', 'A CHIP, said the vendor.', [['matter', 'CHIP', 'alias']]],
    ['CHIP', 'A CHIP, said the old vendor.', []],
    ['Thread', 'Thread Commissioning, but not thread commissioning.', [['thread', 'Thread Commissioning', 'alias']]],
    ['EST', 'The gateway then enrols with EST against our CA.', [['est', 'EST', 'name']]],
    ['EST', 'Our interop events (est. 2019, two a year) taught us that.', []],
    ['EST', 'The call is at 10:00 EST, or 9am EST for some.', []],
    ['ACE', 'The ACE framework and ACE-OAuth build on it.', [['ace-oauth', 'ACE framework', 'alias'], ['ace-oauth', 'ACE-OAuth', 'name']]],
    ['ACE', 'That is an ace up the sleeve.', []],
    ['SUIT', 'SUIT manifests let the operator decide.', [['suit', 'SUIT manifests', 'alias']]],
    ['SUIT', 'It ends up like a suit bought off the rack; not suitable.', []],
    ['MUD', 'RFC 8520 puts the MUD URL in the certificate; we run MUD.', [['mud', 'RFC 8520', 'rfc'], ['mud', 'MUD URL', 'alias'], ['mud', 'MUD', 'name']]],
    ['MUD', 'Putting both in one table gives muddy waters, and mud on the boots.', []],
    ['SIM', 'Keys from the SIM, or an eSIM, or a SIM card.', [['sim', 'SIM', 'name'], ['esim', 'eSIM', 'name'], ['sim', 'SIM card', 'alias']]],
    ['SIM', 'After sim racing, we sim the network.', []],
    ['DICE', 'The key is derived with DICE; the DICE profile is RFC 7925.', [['dice', 'DICE', 'name'], ['tls-iot-profile', 'DICE profile', 'alias'], ['tls-iot-profile', 'RFC 7925', 'rfc']]],
    ['DICE', 'Roll the dice; the DICE WG closed long ago.', []],
    ['RATS', 'Remote attestation, i.e. the RATS architecture.', [['rats', 'Remote attestation', 'alias'], ['rats', 'RATS architecture', 'alias']]],
    ['RATS', 'We had rats in the server room.', []],
    ['FIDO', 'The FIDO Alliance publishes FIDO Device Onboard.', [['fdo', 'FIDO Device Onboard', 'alias']]],
    ['Wi-Fi', 'Wi-Fi Easy Connect is a Wi-Fi Alliance program.', [['dpp', 'Wi-Fi Easy Connect', 'alias']]],
  ])('%s: %j', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});
