import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ListlensError } from '../index.js';

/** commander's accumulator for an option that may be given several times (`--draft a --draft b`). */
export function collectRepeated(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * A parser for a whole number option: digits only, from `min` (to `max`). `refusal` is what commander
 * prints after "argument 'x' is invalid.".
 */
export function wholeNumber(min: number, max: number, refusal: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) throw new InvalidArgumentError(refusal);
    return number;
  };
}

/** `--draft`, repeatable; each command says what it does with the drafts. */
export function draftOption(description: string): Option {
  return new Option('--draft <draft>', description).argParser(collectRepeated).default([]);
}

const chairDescription = "their messages are not counted as responses (the opener's never are); repeatable";

/** `--chair`, repeatable; `condition` says when chairs matter, if not always ("with --draft"). */
export function chairOption(condition?: string): Option {
  const description = `a chair of the group: ${condition ? `${condition}, ` : ''}${chairDescription}`;
  return new Option('--chair <address|name>', description).argParser(collectRepeated).default([]);
}

export function taxonomyOption(): Option {
  return new Option('--taxonomy <file>', 'extra technologies merged over the built-in taxonomy; repeatable').argParser(collectRepeated).default([]);
}

export function aliasesOption(): Option {
  return new Option('--aliases <file>', 'JSON {"Name": ["address", ...]}: one person\'s several addresses');
}

/** How hard a command that downloads may press a server. */
export interface PolitenessOptions {
  concurrency: number;
  retries: number;
  /** Seconds. */
  timeout: number;
  /** Seconds: the most one HTTP request may take, from asking to its last byte. */
  requestTimeout: number;
  /** Milliseconds. */
  interval: number;
}

/** A whole-number option from `min` to `max`, refused with a line that names it. */
export function integerOption(name: string, min: number, max: number): (value: string) => number {
  return wholeNumber(min, max, `${name} must be a whole number from ${min} to ${max}`);
}

export function retriesOption(): Option {
  return new Option('--retries <n>', 'retries of a failed request (network error, 429, 5xx; IMAP: a dropped connection, BYE, NO)')
    .default(5)
    .argParser(integerOption('--retries', 0, 20));
}

export function timeoutOption(): Option {
  return new Option('--timeout <seconds>', 'to connect, and without a byte of the answer').default(30).argParser(integerOption('--timeout', 1, 3600));
}

/** `--timeout`'s sibling: a deadline for the whole of one HTTP request, which a body trickling in a byte at a time cannot stretch. */
export function requestTimeoutOption(): Option {
  return new Option('--request-timeout <seconds>', 'for one whole HTTP request, from asking to its last byte')
    .default(300)
    .argParser(integerOption('--request-timeout', 1, 86_400));
}

export function addPolitenessOptions(command: Command): Command {
  return command
    .addOption(new Option('--concurrency <n>', 'requests in flight at most').default(4).argParser(integerOption('--concurrency', 1, 16)))
    .addOption(retriesOption())
    .addOption(timeoutOption())
    .addOption(requestTimeoutOption())
    .addOption(new Option('--interval <ms>', 'least time between two requests to one host').default(100).argParser(integerOption('--interval', 0, 60_000)));
}

/**
 * The format an `--out` file's extension names, from the extensions a command writes (`{'.md': 'md', …}`,
 * the first of each format the one to name). Any other extension is a usage error, so that a `.pdf` is
 * never Markdown; so is one that says another format than `--format`.
 */
export function outFormat<F extends string>(out: string, extensions: Readonly<Record<string, F>>, format?: F): F {
  const extension = path.extname(out).toLowerCase();
  const named = Object.hasOwn(extensions, extension) ? extensions[extension] : undefined;
  const extensionOf = (wanted: F) => Object.keys(extensions).find((ext) => extensions[ext] === wanted)!;
  if (named === undefined) {
    const names = [...new Set(Object.values(extensions))].map(extensionOf);
    throw new ListlensError('usage', `--out ${out}: the file name must end in ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
  }
  if (format !== undefined && named !== format) {
    throw new ListlensError('usage', `--out ${out}: --format ${format} writes ${extensionOf(format)}, not ${extension}`);
  }
  return named;
}
