import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymousImapLogin, imapCredentialsFor } from '../../src/sources/imap.js';
import { netrcLogin, parseNetrc } from '../../src/sources/netrc.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'listlens-netrc-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const writeNetrc = (text: string, file = path.join(home, '.netrc')) => {
  writeFileSync(file, text);
  return file;
};

describe('netrc', () => {
  it('gives the machine entry of the host, else the default entry, as curl reads the file', () => {
    const file = writeNetrc(
      [
        '# datatracker login',
        'machine mailarchive.ietf.org login web password webpass',
        'machine imap.ietf.org',
        '  login jane@example.org',
        '  password "two words \\" and a quote"',
        'macdef init',
        'machine evil.example login macro password body',
        '',
        'default login anyone password anypass',
      ].join('\n'),
    );
    expect(netrcLogin('imap.ietf.org', { HOME: home })).toEqual({
      login: 'jane@example.org',
      password: 'two words " and a quote',
      from: `the entry for imap.ietf.org in ${file}`,
    });
    expect(netrcLogin('IMAP.IETF.ORG', { HOME: home })?.login).toBe('jane@example.org');
    expect(netrcLogin('127.0.0.1', { HOME: home })).toEqual({ login: 'anyone', password: 'anypass', from: `the default entry in ${file}` });
    // A macro's body is not read as entries.
    expect(parseNetrc('macdef init\nmachine evil.example login macro password body\n\nmachine a login b password c').map((e) => e.machine)).toEqual(['a']);
  });

  it('reads $NETRC instead of ~/.netrc; no file, no entry or an entry without a password give nothing', () => {
    writeNetrc('machine imap.ietf.org login home password homepass\n');
    const other = writeNetrc('machine imap.ietf.org login other password otherpass\n', path.join(home, 'other-netrc'));
    expect(netrcLogin('imap.ietf.org', { HOME: home, NETRC: other })?.login).toBe('other');
    expect(netrcLogin('imap.ietf.org', { HOME: path.join(home, 'nowhere') })).toBeNull();
    expect(netrcLogin('other.example', { HOME: home })).toBeNull();
    writeNetrc('machine imap.ietf.org login jane\n');
    expect(netrcLogin('imap.ietf.org', { HOME: home })).toBeNull();
  });

  it('is used when others may read it, as curl uses it', () => {
    const file = writeNetrc('machine imap.ietf.org login jane password secret\n');
    chmodSync(file, 0o644);
    expect(netrcLogin('imap.ietf.org', { HOME: home })?.password).toBe('secret');
  });
});

describe('the IMAP login', () => {
  it('is the environment, else the netrc entry of the server host, else anonymous', () => {
    const file = writeNetrc('machine 127.0.0.1 login archivist password fromnetrc\n');
    const env = { HOME: home };
    expect(imapCredentialsFor('imaps://127.0.0.1:9993', { ...env, LISTLENS_IMAP_USER: 'jane', LISTLENS_IMAP_PASSWORD: 'fromenv' })).toEqual({
      user: 'jane',
      password: 'fromenv',
      from: 'LISTLENS_IMAP_USER and LISTLENS_IMAP_PASSWORD',
    });
    expect(imapCredentialsFor('imaps://127.0.0.1:9993', env)).toEqual({ user: 'archivist', password: 'fromnetrc', from: `the entry for 127.0.0.1 in ${file}` });
    expect(imapCredentialsFor('imaps://imap.ietf.org', env)).toEqual(anonymousImapLogin);
    expect(() => imapCredentialsFor('imaps://imap.ietf.org', { ...env, LISTLENS_IMAP_USER: 'jane' })).toThrow(
      'set both LISTLENS_IMAP_USER and LISTLENS_IMAP_PASSWORD, or neither (~/.netrc, else anonymous login)',
    );
  });
});
