/**
 * A real IMAP server for the tests and the benchmark: Dovecot (Debian's dovecot-imapd), started on a
 * free loopback port as an unprivileged process with a config generated in a temporary folder (no
 * system config is read), TLS with a certificate made at start, a passwd-file with `anonymous` /
 * `anonymous` and a user who may write, and a public namespace `Shared Folders/` holding one folder per
 * list, as imap.ietf.org has it. test/helpers/dovecot.ts adds the IMAP-side helpers of the tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const sharedPrefix = 'Shared Folders/';

/** Why Dovecot cannot run here, or null when it can. */
export function whyDovecotMissing() {
  if (spawnSync('dovecot', ['--version']).status !== 0) return 'dovecot not found (apt-get install dovecot-imapd)';
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl not found (apt-get install openssl)';
  return null;
}

export async function launchDovecot(options = {}) {
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
  child.stderr?.on('data', (chunk) => void (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, () => stderr || readLog(dir));
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `imaps://127.0.0.1:${port}`,
    port,
    certificate: readFileSync(certificateFile, 'utf8'),
    certificateFile,
    anonymous,
    writer,
    writeMaildir: (list, messages) => writeMaildir(path.join(dir, 'public', list), messages, owner),
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

/**
 * Writes a folder straight into the server's mail location, as maildir files (each with its date as
 * the file's time, which Dovecot takes as the internal date): thousands of messages in a second, where
 * APPEND takes minutes. UIDs follow the order given. Returns how many were written.
 */
async function writeMaildir(folder, messages, owner) {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(folder, sub), { recursive: true });
  let count = 0;
  for await (const message of messages) {
    count++;
    // Dovecot lists a new maildir by file name: a zero-padded counter keeps the order given.
    const file = path.join(folder, 'cur', `${String(count).padStart(9, '0')}.listlens.bench:2,S`);
    writeFileSync(file, message.bytes);
    if (message.date) utimesSync(file, message.date, message.date);
  }
  chownTree(folder, owner);
  return count;
}

/** Dovecot refuses mail for root: when the tests run as root, the server runs as `nobody`. */
function unprivilegedOwner() {
  if (process.getuid?.() !== 0) return null;
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  if (!entry) throw new Error('running as root, and there is no user nobody to run Dovecot as');
  return { uid: Number(entry[2]), gid: Number(entry[3]), name: 'nobody' };
}

function chownTree(dir, owner) {
  if (!owner) return;
  chownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    chownSync(path.join(entry.parentPath, entry.name), owner.uid, owner.gid);
  }
}

function makeCertificate(dir) {
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

function dovecotConfig(dir, port, owner) {
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
function groupName(gid) {
  const entry = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => Number(fields[2]) === gid);
  if (!entry?.[0]) throw new Error(`no name for group ${gid} in /etc/group`);
  return entry[0];
}

function loggedSessions(log, user) {
  const sessions = [];
  const escaped = user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`imap\\(${escaped}\\).*Disconnected:.* body_count=(\\d+) body_bytes=(\\d+)`, 'g');
  for (const match of log.matchAll(pattern)) sessions.push({ bodyCount: Number(match[1]), bodyBytes: Number(match[2]) });
  return sessions;
}

function readLog(dir) {
  try {
    return readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
  } catch {
    return '';
  }
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port, child, diagnostics) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${diagnostics()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port} within 15 s: ${diagnostics()}`);
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * The messages of mail files (mbox), in order, each with the date of its envelope line: what an
 * archive's folder holds. `readSource` is listlens's reader (from src/ or dist/, as the caller runs).
 */
export async function* mailFileMessages(files, readSource) {
  for (const file of files) {
    for await (const item of readSource(file)) {
      if (item.kind === 'problem') throw new Error(`${file}: ${item.reason}`);
      yield { bytes: item.bytes, date: item.origin.envelope?.date ?? null };
    }
  }
}

/** The monthly files of an archive folder (`<list>/<YYYY-MM>.mail`), lists and months in order. */
export function archiveFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mail'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
