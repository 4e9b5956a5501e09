import { describe, expect, it } from 'vitest';
import { archiveId, archiveUrl, normaliseMessageId } from '../../src/mail/index.js';

const SEED_ID = 'HE1PR07MB322618CA30FA751216790E6285849@HE1PR07MB3226.eurprd07.prod.outlook.com';

describe('archiveId', () => {
  it('matches the ids the IETF mail archive serves', () => {
    expect(archiveId('156182196167.12901.11966487185176024571@ietfa.amsl.com', 'ietf')).toBe('lr6RtZ4TiVMZn1fZbykhkXeKhEk');
    expect(archiveId(SEED_ID, 'iotops')).toBe('P2sAejQTmhuo2HTR1yWR3djzQm4');
    expect(archiveId(SEED_ID, 't2trg')).toBe('59srzogeqF_Ro5j4Ilb9eJyjkog');
  });

  it('gives 27 base64url characters without padding', () => {
    expect(archiveId(SEED_ID, 'iotops')).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it('normalises brackets and surrounding white space first', () => {
    expect(archiveId(`  <<${SEED_ID}>>\n`, 'iotops')).toBe('P2sAejQTmhuo2HTR1yWR3djzQm4');
  });

  it('decodes an RFC 2047 encoded Message-ID first', () => {
    const encoded = `=?us-ascii?Q?<${SEED_ID.replace('@', '=40')}>?=`;
    expect(normaliseMessageId(encoded)).toBe(SEED_ID);
    expect(archiveId(encoded, 'iotops')).toBe('P2sAejQTmhuo2HTR1yWR3djzQm4');
  });

  it('collapses white space runs inside the id to one space', () => {
    expect(normaliseMessageId('<a \t\r\n b@example.com>')).toBe('a b@example.com');
  });
});

describe('archiveUrl', () => {
  it('builds the message page URL', () => {
    expect(archiveUrl('iotops', 'P2sAejQTmhuo2HTR1yWR3djzQm4')).toBe('https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/');
  });
});
