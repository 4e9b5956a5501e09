/**
 * A real IMAP server for the tests: Dovecot, started as bench/lib/dovecot.js starts it (an unprivileged
 * process on a loopback port, TLS with a certificate made at start, anonymous login, a public namespace
 * `Shared Folders/`). Folders are filled over IMAP (APPEND, with the message's date as internal date),
 * or, for thousands of messages, written straight into the mail location (`writeMaildir`).
 */
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { type Credentials, type DovecotOptions, type ImapSession, launchDovecot, type LaunchedDovecot, mailFileMessages, sharedPrefix, whyDovecotMissing } from '../../bench/lib/dovecot.js';
import { readSource } from '../../src/sources/index.js';

export { type Credentials, type DovecotOptions, type ImapSession, sharedPrefix };

/** Why Dovecot cannot run here, or null when it can. */
export const dovecotMissing: string | null = whyDovecotMissing();
if (dovecotMissing) console.warn(`${dovecotMissing}: the IMAP tests are skipped`);

export interface TestDovecot extends LaunchedDovecot {
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
}

export interface MboxMessage {
  bytes: Buffer;
  /** The internal date to give it. */
  date: Date | null;
}

/** The messages of an mbox file, each with the date of its envelope line, as the archive's folders would hold them. */
export async function mboxMessages(file: string): Promise<MboxMessage[]> {
  const messages: MboxMessage[] = [];
  for await (const message of mailFileMessages([file], readSource)) messages.push(message);
  return messages;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<TestDovecot> {
  const server = await launchDovecot(options);
  const asWriter = <T>(work: (client: ImapFlow) => Promise<T>) => withClient(server.port, server.certificate, server.writer, work);
  const fillWith = (list: string, messages: readonly MboxMessage[]) =>
    asWriter(async (client) => {
      await client.mailboxCreate(`${sharedPrefix}${list}`);
      for (const message of messages) await client.append(`${sharedPrefix}${list}`, message.bytes, [], message.date ?? undefined);
      return messages.length;
    });
  const fill = async (list: string, mbox: string) => fillWith(list, await mboxMessages(mbox));
  return {
    ...server,
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
  };
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
