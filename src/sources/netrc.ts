import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A login and password from a netrc file, and where they came from (to name it, never the password, in messages). */
export interface NetrcLogin {
  login: string;
  password: string;
  /** `the entry for imap.ietf.org in /home/me/.netrc`. */
  from: string;
}

interface NetrcEntry {
  /** null: the `default` entry. */
  machine: string | null;
  login: string | null;
  password: string | null;
}

/** The netrc file curl and ftp read: `$NETRC`, else `~/.netrc`. */
export function netrcFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.NETRC || path.join(env.HOME || os.homedir(), '.netrc');
}

/**
 * The login and password the netrc file gives for `host`: its `machine` entry, else its `default`
 * entry; null when there is no file, no entry, or the entry lacks a login or a password. As curl
 * does, a file that others may read is still used.
 */
export function netrcLogin(host: string, env: NodeJS.ProcessEnv = process.env): NetrcLogin | null {
  const file = netrcFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const entries = parseNetrc(text);
  const entry = entries.find((e) => e.machine !== null && e.machine.toLowerCase() === host.toLowerCase()) ?? entries.find((e) => e.machine === null);
  if (!entry || entry.login === null || entry.password === null) return null;
  return { login: entry.login, password: entry.password, from: `the ${entry.machine === null ? 'default entry' : `entry for ${entry.machine}`} in ${file}` };
}

/** The entries of a netrc file, in order; `macdef` bodies and `#` comment lines are skipped. */
export function parseNetrc(text: string): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  const tokens = netrcTokens(text);
  let current: NetrcEntry | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'machine' || token === 'default') {
      current = { machine: token === 'default' ? null : (tokens[++i] ?? ''), login: null, password: null };
      entries.push(current);
    } else if ((token === 'login' || token === 'password' || token === 'account') && current) {
      const value = tokens[++i] ?? null;
      if (token !== 'account') current[token] = value;
    }
  }
  return entries;
}

/** Whitespace-separated tokens, double quotes (with backslash escapes) around a token that holds spaces. */
function netrcTokens(text: string): string[] {
  const tokens: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (/^\s*#/.test(line)) continue;
    const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      tokens.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!);
      if (match[2] === 'macdef') {
        // A macro's body runs to the next empty line.
        while (n + 1 < lines.length && lines[n + 1]!.trim() !== '') n++;
        break;
      }
    }
  }
  return tokens;
}
