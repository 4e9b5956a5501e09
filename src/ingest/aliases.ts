import { readFileSync } from 'node:fs';
import { ListlensError } from '../core/index.js';

/** A problem in an alias file, worded for the user. */
export class AliasFileError extends ListlensError {
  override name = 'AliasFileError';

  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/**
 * Reads an alias file: a JSON object mapping a person's name to the addresses they post from,
 * `{"Jane Doe": ["jane@example.org", "jdoe@example.net"]}`. Returns address -> name.
 */
export function loadAliases(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AliasFileError(`${file}: cannot read alias file: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AliasFileError(`${file}: an alias file is a JSON object {"Name": ["address", ...]}`);
  }
  const aliases = new Map<string, string>();
  for (const [name, addresses] of Object.entries(parsed)) {
    if (!Array.isArray(addresses) || !addresses.every((a) => typeof a === 'string' && a.includes('@'))) {
      throw new AliasFileError(`${file}: "${name}" must map to an array of e-mail addresses`);
    }
    for (const address of addresses as string[]) {
      const key = address.trim().toLowerCase();
      const other = aliases.get(key);
      if (other && other !== name) throw new AliasFileError(`${file}: ${address} is given for both "${other}" and "${name}"`);
      aliases.set(key, name);
    }
  }
  return aliases;
}
