import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { dovecotMissing, startDovecot, type TestDovecot } from '../helpers/dovecot.js';

describe.skipIf(dovecotMissing !== null)('listlens fetch and lists over IMAP', () => {
  let server: TestDovecot;
  let dir: string;
  let trusted: Record<string, string>;
  const store = () => path.join(dir, 'archive.sqlite');

  beforeAll(async () => {
    server = await startDovecot();
    await server.createFolder('iotops', fixturePath('archive/iotops/2021-02.mail'));
    await server.createFolder('t2trg', fixturePath('archive/t2trg/2021-02.mail'));
    dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-imap-cli-'));
    trusted = { NODE_EXTRA_CA_CERTS: server.certificateFile };
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fetches lists from IMAP by default, then nothing on a second run', () => {
    const first = listlens(['--store', store(), 'fetch', 'iotops', 't2trg', '--imap', server.url], trusted);
    expect(first.stderr).toBe(
      `fetch ${server.url}: 2 folders examined, 0 unchanged, 0 read again (UIDVALIDITY changed); 43 messages fetched; ` +
        'import: 43 read, 34 new, 8 cross-posted copies, 0 duplicates, 1 skipped (no-archive), 0 failed; 1 connection, 0 retries\n',
    );
    expect(first.status).toBe(0);
    const second = listlens(['--store', store(), 'fetch', 'iotops', 't2trg', '--imap', server.url, '--json'], trusted);
    expect(second.status).toBe(0);
    const summary = JSON.parse(second.stdout) as { source: string; folders: unknown; messages: unknown; imap: { messages: number } };
    expect(summary).toMatchObject({ source: 'imap', folders: { examined: 2, unchanged: 2, resynced: 0 }, messages: { fetched: 0, outsideRange: 0 } });
    expect(summary.imap.messages).toBe(0);
  });

  it('lists the folders with their counts on the server and in the store', () => {
    const result = listlens(['--store', store(), 'lists', '--imap', server.url], trusted);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^iotops\t25 messages\t24 stored\tsynced \d{4}-\d\d-\d\dT[\d:.]+Z\nt2trg\t18 messages\t18 stored\tsynced .*\n$/);
    const fresh = listlens(['--store', path.join(dir, 'none.sqlite'), 'lists', '--imap', server.url, '--json'], trusted);
    expect(JSON.parse(fresh.stdout)).toEqual([
      { list: 'iotops', folder: 'Shared Folders/iotops', messages: 25, stored: 0, syncedAt: null },
      { list: 't2trg', folder: 'Shared Folders/t2trg', messages: 18, stored: 0, syncedAt: null },
    ]);
  });

  it('fetches every list with --all, over two connections', () => {
    const result = listlens(['--store', path.join(dir, 'all.sqlite'), 'fetch', '--all', '--connections', '2', '--imap', server.url], trusted);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/2 folders examined.*34 new, 8 cross-posted copies.*2 connections, 0 retries\n$/);
  });

  it('fetches one thread with --source imap --thread, searching the lists given and those it went to', () => {
    const thread = listlens(
      ['--store', path.join(dir, 'thread.sqlite'), 'fetch', 'iotops', '--source', 'imap', '--thread', '<A0C3E5F7-9B1D-4F2A-8C6E-3D5B7F9A1C2E@example.org>', '--imap', server.url],
      trusted,
    );
    expect(thread.status).toBe(0);
    expect(thread.stderr).toMatch(/; thread "Secure IoT Bootstrapping: A Survey": 26 messages in iotops, t2trg\n$/);
    const missing = listlens(['--store', path.join(dir, 'thread.sqlite'), 'fetch', 't2trg', '--source', 'imap', '--thread', 'no-such@example.org', '--imap', server.url], trusted);
    expect([missing.status, missing.stderr]).toEqual([3, 'listlens: no message <no-such@example.org> in t2trg\n']);
  });

  it('says in one line that the credentials were refused, and exits 1', () => {
    const result = listlens(['--store', path.join(dir, 'refused.sqlite'), 'fetch', 'iotops', '--imap', server.url], {
      ...trusted,
      LISTLENS_IMAP_USER: 'anonymous',
      LISTLENS_IMAP_PASSWORD: 'wrong-secret',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^listlens: ${server.url}: login refused \\(.+\\); check LISTLENS_IMAP_USER and LISTLENS_IMAP_PASSWORD\\n$`));
    expect(result.stderr).not.toContain('wrong-secret');
  });

  it('logs in with the credentials of the environment', async () => {
    const sessions = (await server.sessions(server.writer.user)).length;
    const result = listlens(['--store', path.join(dir, 'writer.sqlite'), 'fetch', 't2trg', '--imap', server.url], {
      ...trusted,
      LISTLENS_IMAP_USER: server.writer.user,
      LISTLENS_IMAP_PASSWORD: server.writer.password,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain(server.writer.password);
    expect(await server.sessions(server.writer.user, sessions + 1)).toHaveLength(sessions + 1);
  });

  it('logs in with the netrc entry of the server when the environment has no credentials', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const netrc = path.join(home, '.netrc');
    writeFileSync(netrc, `machine 127.0.0.1\n  login ${server.writer.user}\n  password ${server.writer.password}\n`, { mode: 0o600 });
    const [writers, anonymous] = [(await server.sessions(server.writer.user)).length, (await server.sessions('anonymous')).length];
    const result = listlens(['--store', path.join(dir, 'netrc.sqlite'), 'fetch', 't2trg', '--imap', server.url], { ...trusted, HOME: home });
    expect(result.status).toBe(0);
    expect(await server.sessions(server.writer.user, writers + 1)).toHaveLength(writers + 1);
    expect(await server.sessions('anonymous')).toHaveLength(anonymous);

    writeFileSync(netrc, `machine 127.0.0.1 login ${server.writer.user} password not-the-password\n`);
    const refused = listlens(['--store', path.join(dir, 'netrc.sqlite'), 'fetch', 't2trg', '--imap', server.url], { ...trusted, HOME: home });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^listlens: ${server.url}: login refused \\(.+\\); check the entry for 127\\.0\\.0\\.1 in ${netrc}\\n$`));
    expect(refused.stderr).not.toContain('not-the-password');
  });

  it('verifies the certificate: without the test CA it fails in one line', () => {
    const result = listlens(['--store', path.join(dir, 'untrusted.sqlite'), 'fetch', 'iotops', '--imap', server.url]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^listlens: imaps:\/\/127\.0\.0\.1:\d+: .*certificate.*\n$/i);
  });

  it('exits 3 for a list the server has no folder for', () => {
    const result = listlens(['--store', path.join(dir, 'missing.sqlite'), 'fetch', 'nosuchlist', '--imap', server.url], trusted);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/has no folder for the list "nosuchlist"/);
  });

  it('refuses a wrong command line with exit 2', () => {
    const run = (...args: string[]) => listlens(['--store', path.join(dir, 'usage.sqlite'), ...args], trusted);
    expect(run('fetch', 'iotops', '--all').stderr).toBe('listlens: fetch: give lists, --all or --thread <ref>, not more than one\n');
    expect(run('fetch', '--all', '--source', 'web').stderr).toBe('listlens: fetch: --all reads the list folders of the IMAP archive; it goes with --source imap\n');
    expect(run('fetch', 'iotops', '--connections', '5').status).toBe(2);
    expect(run('fetch', 'iotops', '--imap', 'https://imap.example/').stderr).toMatch(/^listlens: not an IMAP URL: https:\/\/imap\.example\/ \(give imaps:\/\/host\[:port\]\)\n$/);
    const halfCredentials = listlens(['--store', path.join(dir, 'usage.sqlite'), 'fetch', 'iotops', '--imap', server.url], { ...trusted, LISTLENS_IMAP_USER: 'someone' });
    expect([halfCredentials.status, halfCredentials.stderr]).toEqual([2, 'listlens: set both LISTLENS_IMAP_USER and LISTLENS_IMAP_PASSWORD, or neither (~/.netrc, else anonymous login)\n']);
  });
});
