import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { archiveId, archiveUrl, listOfCopy, parseMessage } from '../../src/mail/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { messageBytes } from '../helpers/messages.js';

/** The archive page text of the seed message: title lines, then the raw header from `Return-Path:`. */
function seedMessageBytes(): Buffer {
  const page = readFileSync(corpusPath('mail/000_2777a5083c1a0d8c.txt'));
  return page.subarray(page.indexOf('Return-Path:'));
}

describe.skipIf(!hasCorpus)('parseMessage on real IETF mail', () => {
  it('decodes the iotops seed message', async () => {
    const { message, list } = await parseMessage(seedMessageBytes());
    expect(list).toBe('iotops');
    expect(message.from).toEqual({ name: 'Ari Keränen', address: 'ari.keranen@ericsson.com' });
    expect(message.messageId).toBe('HE1PR07MB322618CA30FA751216790E6285849@HE1PR07MB3226.eurprd07.prod.outlook.com');
    expect(message.archivedAt).toEqual(['https://mailarchive.ietf.org/arch/msg/iotops/35ET-Jt7W_IhyZoCcoGmeLPZ0Pw']);
    expect(message.date?.toISOString()).toBe('2021-02-19T15:24:11.000Z');
    expect(message.baseSubject).toBe('Secure IoT Bootstrapping: A Survey');
    expect(message.text).not.toContain('\uFFFD');
  });

  it('links the seed message under the ids the archive serves it by today', async () => {
    const { message } = await parseMessage(seedMessageBytes());
    expect(archiveUrl('iotops', archiveId(message.messageId, 'iotops'))).toBe(
      'https://mailarchive.ietf.org/arch/msg/iotops/P2sAejQTmhuo2HTR1yWR3djzQm4/',
    );
    expect(archiveId(message.messageId, 't2trg')).toBe('59srzogeqF_Ro5j4Ilb9eJyjkog');
  });

  it('picks the IETF list of a message cross-posted to a kernel.org list', async () => {
    const bytes = readFileSync(corpusPath('mail/bpf-2023-07-10.eml'));
    const { message, list } = await parseMessage(bytes);
    expect(list).toBe('bpf');
    expect(listOfCopy(bytes)).toBe('bpf');
    expect(message.messageId).toBe('20230710215819.723550-1-hawkinsw@obs.cr');
    expect(message.from).toEqual({ name: 'Will Hawkins', address: 'hawkinsw@obs.cr' });
    expect(message.date?.toISOString()).toBe('2023-07-10T21:58:18.000Z');
    expect(message.archivedAt).toEqual(['https://mailarchive.ietf.org/arch/msg/bpf/K6MrQwaXUtRDw6MIhAX3T2F-9kc']);
  });

  it('lists the GIF attachments of the first ANCP message of March 2010', async () => {
    const [first] = (await messageBytes(corpusPath('mail/ancp-2010-03.mail')));
    if (!first) throw new Error('no message found in the mbox');
    const { message, list } = await parseMessage(first);
    expect(list).toBe('ancp');
    expect(message.messageId).toBe('D8802B92-1105-4295-9F30-C04FE369A86D@cisco.com');
    expect(message.inReplyTo).toBe('A16B9A4922C4A544A94565E870362B50014B68DE@XMB-AMS-111.cisco.com');
    expect(message.attachments).toEqual([
      { filename: 'logo.gif', contentType: 'image/gif', size: 837 },
      { filename: 'green.gif', contentType: 'image/gif', size: 87 },
    ]);
    expect(message.text).toContain('Société');
    expect(message.text).not.toContain('R0lGODlh');
  });

  it('decodes all 36 ANCP messages of March 2010 without a replacement character', async () => {
    const messages = (await messageBytes(corpusPath('mail/ancp-2010-03.mail')));
    const parsed = await Promise.all(messages.map((bytes) => parseMessage(bytes)));
    expect(parsed).toHaveLength(36);
    expect(parsed.filter((copy) => copy.list === 'ancp')).toHaveLength(36);
    expect(parsed.filter((copy) => copy.message.text.includes('\uFFFD'))).toEqual([]);
    expect(parsed.filter((copy) => copy.message.inReplyTo !== null)).toHaveLength(26);
    expect(new Set(parsed.map((copy) => copy.message.from.address)).size).toBe(14);
    expect(parsed.flatMap((copy) => copy.message.warnings)).toEqual([]);
  });
});
