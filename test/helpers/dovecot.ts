/**
 * A real IMAP server for the tests: Dovecot (Debian's dovecot-imapd), started on a free loopback port
 * as an unprivileged process with a config generated in a temporary folder (no system config is read),
 * TLS with a certificate made at start, a passwd-file with `anonymous` / `anonymous` and a test user
 * who may write, and a public namespace `Shared Folders/` holding one folder per list, as
 * imap.ietf.org has it. Folders are filled over IMAP (APPEND, with the message's date as internal date).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { readSource } from '../../src/sources/index.js';

export const sharedPrefix = 'Shared Folders/';

/** Why Dovecot cannot run here, or null when it can. */
export const dovecotMissing: string | null = (() => {
  if (spawnSync('dovecot', ['--version']).status !== 0) return 'dovecot not found (apt-get install dovecot-imapd)';
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl not found (apt-get install openssl)';
  return null;
})();
if (dovecotMissing) console.warn(`${dovecotMissing}: the IMAP tests are skipped`);

export interface Credentials {
  user: string;
  password: string;
}

export interface TestDovecot {
  /** `imaps://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The test certificate (self-signed, for 127.0.0.1 and localhost), PEM. */
  certificate: string;
  certificateFile: string;
  anonymous: Credentials;
  /** A user who may create, fill and delete shared folders. */
  writer: Credentials;
  /** Creates `Shared Folders/<list>` holding the messages of an mbox file, in order. */
  createFolder(list: string, mbox: string): Promise<number>;
  /** Creates `Shared Folders/<list>` holding these messages, in order. */
  createFolderOf(list: string, messages: readonly MboxMessage[]): Promise<number>;
  /** Appends one message to a list's folder; its UID. */
  append(list: string, message: Buffer, internalDate?: Date): Promise<number>;
  deleteFolder(list: string): Promise<void>;
  /** Deletes a list's folder and makes it again from an mbox: a new UIDVALIDITY. */
  recreateFolder(list: string, mbox: string): Promise<number>;
  uidValidity(list: string): Promise<bigint>;
  /**
   * The sessions of `user` that have ended, as the server logged them: body FETCHes answered and their
   * bytes. The server logs a session's end as the client leaves: this waits (up to 5 s) for `atLeast`.
   */
  sessions(user: string, atLeast?: number): Promise<ImapSession[]>;
  stop(): Promise<void>;
}

/** What Dovecot logs when a session ends (imap_logout_format). */
export interface ImapSession {
  bodyCount: number;
  bodyBytes: number;
}

export interface MboxMessage {
  bytes: Buffer;
  /** The internal date to give it. */
  date: Date | null;
}

/** The messages of an mbox file, each with the date of its envelope line, as the archive's folders would hold them. */
export async function mboxMessages(file: string): Promise<MboxMessage[]> {
  const messages: MboxMessage[] = [];
  for await (const item of readSource(file)) {
    if (item.kind === 'problem') throw new Error(`${file}: ${item.reason}`);
    messages.push({ bytes: item.bytes, date: item.origin.envelope?.date ?? null });
  }
  return messages;
}

export interface DovecotOptions {
  /** Sessions one user may have open from one address at once (mail_max_userip_connections); default Dovecot's 10. */
  connectionsPerUser?: number;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<TestDovecot> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-dovecot-'));
  const owner = unprivilegedOwner();
  const writer = { user: 'archivist', password: randomBytes(9).toString('hex') };
  const anonymous = { user: 'anonymous', password: 'anonymous' };
  const certificateFile = makeCertificate(dir);
  writeFileSync(path.join(dir, 'passwd'), [anonymous, writer].map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''));
  const port = await freePort();
  const extra = options.connectionsPerUser ? `protocol imap {\n  mail_max_userip_connections = ${options.connectionsPerUser}\n}\n` : '';
  writeFileSync(path.join(dir, 'dovecot.conf'), dovecotConfig(dir, port, owner) + extra);
  for (const sub of ['run', 'mail', 'public']) mkdirSync(path.join(dir, sub));
  chownTree(dir, owner);
  const child = spawn('dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, () => stderr || readLog(dir));
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const certificate = readFileSync(certificateFile, 'utf8');
  const url = `imaps://127.0.0.1:${port}`;
  const asWriter = <T>(work: (client: ImapFlow) => Promise<T>) => withClient(port, certificate, writer, work);
  const fillWith = (list: string, messages: readonly MboxMessage[]) =>
    asWriter(async (client) => {
      await client.mailboxCreate(`${sharedPrefix}${list}`);
      for (const message of messages) await client.append(`${sharedPrefix}${list}`, message.bytes, [], message.date ?? undefined);
      return messages.length;
    });
  const fill = async (list: string, mbox: string) => fillWith(list, await mboxMessages(mbox));
  return {
    url,
    port,
    certificate,
    certificateFile,
    anonymous,
    writer,
    createFolder: fill,
    createFolderOf: fillWith,
    append: (list, message, internalDate) =>
      asWriter(async (client) => {
        const appended = await client.append(`${sharedPrefix}${list}`, message, [], internalDate);
        if (!appended || appended.uid === undefined) throw new Error(`APPEND to ${list} gave no UID`);
        return appended.uid;
      }),
    deleteFolder: async (list) => void (await asWriter((client) => client.mailboxDelete(`${sharedPrefix}${list}`))),
    recreateFolder: async (list, mbox) => {
      await asWriter((client) => client.mailboxDelete(`${sharedPrefix}${list}`));
      return fill(list, mbox);
    },
    uidValidity: (list) =>
      asWriter(async (client) => {
        const status = await client.status(`${sharedPrefix}${list}`, { uidValidity: true });
        if (!status || status.uidValidity === undefined) throw new Error(`no STATUS for ${list}`);
        return status.uidValidity;
      }),
    sessions: async (user, atLeast = 0) => {
      const deadline = Date.now() + 5000;
      let sessions = loggedSessions(readLog(dir), user);
      while (sessions.length < atLeast && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        sessions = loggedSessions(readLog(dir), user);
      }
      return sessions;
    },
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Dovecot refuses mail for root: when the tests run as root, the server runs as `nobody`. */
function unprivilegedOwner(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  if (!entry) throw new Error('running as root, and there is no user nobody to run Dovecot as');
  return { uid: Number(entry[2]), gid: Number(entry[3]), name: 'nobody' };
}

function chownTree(dir: string, owner: { uid: number; gid: number } | null): void {
  if (!owner) return;
  chownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    chownSync(path.join(entry.parentPath, entry.name), owner.uid, owner.gid);
  }
}

function makeCertificate(dir: string): string {
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=listlens test IMAP',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:TRUE'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make the test certificate: ${made.stderr}`);
  return cert;
}

function dovecotConfig(dir: string, port: number, owner: { uid: number; gid: number; name: string } | null): string {
  const user = owner?.name ?? os.userInfo().username;
  const uid = owner?.uid ?? os.userInfo().uid;
  const gid = owner?.gid ?? os.userInfo().gid;
  return `
instance_name = listlens-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
default_internal_user = ${user}
default_internal_group = ${groupName(gid)}
default_login_user = ${user}
auth_mechanisms = plain
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
mail_location = maildir:${dir}/mail/%u
namespace inbox {
  inbox = yes
  separator = /
  prefix =
}
namespace public {
  type = public
  separator = /
  prefix = ${sharedPrefix}
  location = maildir:${dir}/public:LAYOUT=fs
  subscriptions = no
  list = yes
}
service imap-login {
  chroot =
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${port}
  }
}
service anvil {
  chroot =
  # No growing delay for logins from an address that failed one: the tests try wrong passwords.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

/** Dovecot's own defaults name groups of a system install: its services need the group the server runs as. */
function groupName(gid: number): string {
  const entry = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => Number(fields[2]) === gid);
  if (!entry?.[0]) throw new Error(`no name for group ${gid} in /etc/group`);
  return entry[0];
}

function loggedSessions(log: string, user: string): ImapSession[] {
  const sessions: ImapSession[] = [];
  const escaped = user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`imap\\(${escaped}\\).*Disconnected:.* body_count=(\\d+) body_bytes=(\\d+)`, 'g');
  for (const match of log.matchAll(pattern)) sessions.push({ bodyCount: Number(match[1]), bodyBytes: Number(match[2]) });
  return sessions;
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
  } catch {
    return '';
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, diagnostics: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${diagnostics()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port} within 15 s: ${diagnostics()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function withClient<T>(port: number, ca: string, auth: Credentials, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: true,
    tls: { ca },
    auth: { user: auth.user, pass: auth.password },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/**
 * A TCP relay in front of the server that cuts the first `connections` client connections once the
 * server has sent `afterBytes` bytes on them: a connection dropped in the middle of a FETCH.
 */
export async function startDroppingRelay(targetPort: number, afterBytes: number, connections = 1): Promise<{ url: string; dropped: () => number; stop: () => Promise<void> }> {
  let dropped = 0;
  let toDrop = connections;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const cut = toDrop-- > 0;
    let sent = 0;
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (cut && sent > afterBytes) {
        dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `imaps://127.0.0.1:${port}`,
    dropped: () => dropped,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
