export const sharedPrefix: string;

export interface Credentials {
  user: string;
  password: string;
}

/** What Dovecot logs when a session ends (imap_logout_format). */
export interface ImapSession {
  bodyCount: number;
  bodyBytes: number;
}

export interface DovecotOptions {
  /** Sessions one user may have open from one address at once (mail_max_userip_connections); default Dovecot's 10. */
  connectionsPerUser?: number;
}

export interface MaildirMessage {
  bytes: Buffer;
  /** The internal date to give it. */
  date: Date | null;
}

export interface LaunchedDovecot {
  /** `imaps://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The test certificate (self-signed, for 127.0.0.1 and localhost), PEM. */
  certificate: string;
  certificateFile: string;
  anonymous: Credentials;
  /** A user who may create, fill and delete shared folders. */
  writer: Credentials;
  /** Writes `Shared Folders/<list>` straight into the mail location as a maildir; how many were written. */
  writeMaildir(list: string, messages: Iterable<MaildirMessage> | AsyncIterable<MaildirMessage>): Promise<number>;
  /**
   * The sessions of `user` that have ended, as the server logged them: body FETCHes answered and their
   * bytes. The server logs a session's end as the client leaves: this waits (up to 5 s) for `atLeast`.
   */
  sessions(user: string, atLeast?: number): Promise<ImapSession[]>;
  stop(): Promise<void>;
}

/** Why Dovecot cannot run here, or null when it can. */
export function whyDovecotMissing(): string | null;
export function launchDovecot(options?: DovecotOptions): Promise<LaunchedDovecot>;

/** The messages of mail files (mbox), in order, each with the date of its envelope line; `readSource` is listlens's reader. */
export function mailFileMessages(
  files: readonly string[],
  readSource: (file: string) => AsyncIterable<{ kind: 'message'; bytes: Buffer; origin: { envelope: { date: Date | null } | null } } | { kind: 'problem'; reason: string }>,
): AsyncGenerator<MaildirMessage>;

/** The monthly files of an archive folder (`<list>/<YYYY-MM>.mail`), lists and months in order. */
export function archiveFiles(dir: string): string[];
