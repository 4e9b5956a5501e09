import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImapArchive, ImapError, type ImapArchiveOptions, type ImapMessage, type ImapRetryEvent } from '../../src/sources/index.js';
import { fixturePath } from '../helpers/corpus.js';
import { dovecotMissing, mboxMessages, startDovecot, startDroppingRelay, type TestDovecot } from '../helpers/dovecot.js';

const iotops = fixturePath('archive/iotops/2021-02.mail');
const t2trg = fixturePath('archive/t2trg/2021-02.mail');

async function collect(messages: AsyncIterable<ImapMessage>): Promise<ImapMessage[]> {
  const all: ImapMessage[] = [];
  for await (const message of messages) all.push(message);
  return all;
}

describe.skipIf(dovecotMissing !== null)('the IMAP archive client against Dovecot', () => {
  let server: TestDovecot;
  const open: ImapArchive[] = [];
  const archive = (options: ImapArchiveOptions = {}) => {
    const client = new ImapArchive({ url: server.url, ca: server.certificate, sleep: async () => {}, ...options });
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startDovecot();
    await server.createFolder('iotops', iotops);
    await server.createFolder('t2trg', t2trg);
  });
  afterEach(async () => {
    for (const client of open.splice(0)) await client.close();
  });
  afterAll(async () => server?.stop());

  it('finds the lists under the shared namespace NAMESPACE names, with their message counts', async () => {
    const client = archive();
    expect(await client.folderPath('iotops')).toBe('Shared Folders/iotops');
    expect(await client.lists()).toEqual([
      { list: 'iotops', path: 'Shared Folders/iotops', messages: 25 },
      { list: 't2trg', path: 'Shared Folders/t2trg', messages: 18 },
    ]);
  });

  it('examines a folder read-only and fetches the bytes of a UID range as stored', async () => {
    const client = archive();
    const status = await client.examine('iotops');
    expect(status).toMatchObject({ path: 'Shared Folders/iotops', uidNext: 26, messages: 25 });
    expect(status.uidValidity).toBeGreaterThan(0);
    expect(status.highestModseq).toMatch(/^\d+$/);
    const fetched = await collect(client.fetch('iotops', status.uidValidity, [{ first: 3, last: 5 }]));
    expect(fetched.map((message) => message.uid)).toEqual([3, 4, 5]);
    const expected = (await mboxMessages(iotops))[3]!.bytes.toString('latin1').replace(/\r?\n/g, '\r\n');
    expect(fetched[1]!.bytes!.toString('latin1')).toBe(expected);
    expect(client.stats).toMatchObject({ connections: 1, retries: 0, messages: 3 });
  });

  it('searches by internal date', async () => {
    const client = archive();
    const all = await client.search('iotops', {});
    expect(all).toHaveLength(25);
    const late = await client.search('iotops', { since: new Date('2021-02-25T00:00:00Z') });
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(25);
  });

  it('searches by header', async () => {
    const [first] = await mboxMessages(iotops);
    const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(first!.bytes.toString('latin1'))![1]!;
    const client = archive();
    expect(await client.search('iotops', { headers: [{ name: 'Message-ID', value: messageId }] })).toEqual([1]);
    const thread = await client.search('iotops', { headers: [{ name: 'Message-ID', value: messageId }, { name: 'References', value: messageId }, { name: 'In-Reply-To', value: messageId }] });
    expect(thread.length).toBeGreaterThan(5);
    expect(thread[0]).toBe(1);
  });

  it('reconnects after the connection drops mid-fetch and asks only for what it lacks', async () => {
    const relay = await startDroppingRelay(server.port, 40_000);
    try {
      const retries: ImapRetryEvent[] = [];
      const client = archive({ url: relay.url, onRetry: (event) => retries.push(event) });
      const status = await client.examine('iotops');
      const fetched = await collect(client.fetch('iotops', status.uidValidity, [{ first: 1, last: 25 }]));
      expect(relay.dropped()).toBe(1);
      expect(fetched.map((message) => message.uid)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(retries).toHaveLength(1);
      expect(retries[0]!.command).toMatch(/^UID FETCH \d+:25 in Shared Folders\/iotops$/);
      expect(client.stats.connections).toBe(2);
    } finally {
      await relay.stop();
    }
  });

  it('refuses wrong credentials at once, without naming the password', async () => {
    const client = archive({ credentials: { user: 'anonymous', password: 'not-the-password' } });
    const error = await client.lists().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImapError);
    expect((error as ImapError).reason).toBe('login');
    expect((error as ImapError).attempts).toBe(1);
    expect((error as ImapError).message).not.toContain('not-the-password');
  });

  it('says when a list has no folder', async () => {
    const error = await archive().examine('nosuchlist').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'no-folder' });
  });

  it('verifies the certificate: without the test CA it fails, and is not retried', async () => {
    const client = new ImapArchive({ url: server.url, sleep: async () => {} });
    open.push(client);
    const error = await client.lists().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'tls' });
  });

  it('gives up after its retries when nothing listens', async () => {
    const client = archive({ url: 'imaps://127.0.0.1:1', retries: 2 });
    const error = await client.lists().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'failed', attempts: 3 });
    expect((error as Error).message).toMatch(/gave up after 3 attempts/);
  });
});

describe.skipIf(dovecotMissing !== null)('the IMAP archive client against a server that allows one connection', () => {
  let server: TestDovecot;

  beforeAll(async () => {
    server = await startDovecot({ connectionsPerUser: 1 });
    await server.createFolder('t2trg', t2trg);
  });
  afterAll(async () => server?.stop());

  it('backs off when the server refuses a connection for now (NO [LIMIT]), and gets in once the other one is gone', async () => {
    const holder = new ImapArchive({ url: server.url, ca: server.certificate });
    await holder.lists();
    const retries: ImapRetryEvent[] = [];
    const waits: number[] = [];
    const polite = new ImapArchive({
      url: server.url,
      ca: server.certificate,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) await holder.close();
      },
      onRetry: (event) => retries.push(event),
    });
    try {
      expect((await polite.lists()).map((folder) => folder.list)).toEqual(['t2trg']);
      expect(retries.map((retry) => retry.reason)).toEqual([expect.stringMatching(/Maximum number of connections/), expect.stringMatching(/Maximum number of connections/)]);
      expect(waits).toEqual([750, 1500]);
    } finally {
      await polite.close();
      await holder.close();
    }
  });
});
