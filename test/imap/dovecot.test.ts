import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/corpus.js';
import { dovecotMissing, sharedPrefix, startDovecot, type TestDovecot } from '../helpers/dovecot.js';

describe.skipIf(dovecotMissing !== null)('the test Dovecot', () => {
  let server: TestDovecot;

  beforeAll(async () => {
    server = await startDovecot();
    await server.createFolder('iotops', fixturePath('archive/iotops/2021-02.mail'));
  });
  afterAll(async () => server?.stop());

  it('lets anonymous list and examine the shared folders over verified TLS', async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: server.port,
      secure: true,
      tls: { ca: server.certificate },
      auth: { user: 'anonymous', pass: 'anonymous' },
      logger: false,
    });
    await client.connect();
    try {
      expect(client.namespaces?.shared).toEqual([{ prefix: sharedPrefix, delimiter: '/' }]);
      const paths = (await client.list()).map((folder) => folder.path);
      expect(paths).toContain(`${sharedPrefix}iotops`);
      const folder = await client.mailboxOpen(`${sharedPrefix}iotops`, { readOnly: true });
      expect(folder.exists).toBe(25);
      expect(folder.uidNext).toBe(26);
      const dates = await client.search({ since: new Date('2021-02-25') }, { uid: true });
      expect(dates && dates.length).toBeGreaterThan(0);
      expect(dates && dates.length).toBeLessThan(25);
    } finally {
      await client.logout();
    }
  });

  it('gives a recreated folder a new UIDVALIDITY', async () => {
    const before = await server.uidValidity('iotops');
    await server.recreateFolder('iotops', fixturePath('archive/iotops/2021-02.mail'));
    expect(await server.uidValidity('iotops')).not.toBe(before);
  });

  it('refuses a client that does not trust its certificate', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: true, auth: { user: 'anonymous', pass: 'anonymous' }, logger: false });
    await expect(client.connect()).rejects.toThrow(/self.signed|certificate/i);
  });
});
