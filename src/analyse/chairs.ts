import { ListlensError } from '../core/index.js';
import { listsOfCopies, participantKey, signedTextOf } from '../mail/index.js';
import type { GroupChairs, Store, StoredMessage } from '../store/index.js';

/** A person taken as the working group's chair, and why. */
export interface Chair {
  name: string;
  address: string;
  why: string;
}

export interface ChairOptions {
  /** Chairs named by the user (`--chair`, the config's `chairs`), by address or name. */
  named?: readonly string[];
  /** The datatracker's chairs of the thread's lists, as stored (`storedChairRoles`). */
  roles?: readonly GroupChairs[];
}

/**
 * The thread's chairs: the names the user gave (each must match a participant, else a usage error
 * naming the participants), the participants whose address or name is a chair role of one of the
 * thread's lists in the datatracker, the people who sign the opener's message with its author ("Pekka & Jürgen
 * (T2TRG chairs)"), an opener who writes of "the chairs" as themselves, and anyone who writes "as
 * chair(s)", "we chairs" or "not as chair".
 */
export function findChairs(messages: readonly StoredMessage[], options: ChairOptions = {}): Chair[] {
  const people = participantsOf(messages);
  const chairs = new Map<string, Chair>();
  const take = (person: Person, why: string) => {
    if (!chairs.has(person.address)) chairs.set(person.address, { name: person.name, address: person.address, why });
  };
  for (const named of options.named ?? []) {
    const matched = people.filter((person) => matchesNamed(person, named));
    if (matched.length === 0) {
      const known = people.map((p) => `${p.name || p.address} <${p.address}>`).join(', ');
      throw new ListlensError('usage', `--chair "${named}" matches no participant of the thread; participants: ${known || 'none'}`);
    }
    for (const person of matched) take(person, `named as chair ("${named}")`);
  }
  for (const group of options.roles ?? []) {
    for (const chair of group.chairs) {
      const matched = people.filter((p) => p.address === chair.address.toLowerCase() || (chair.name !== '' && fold(p.name) === fold(chair.name)));
      for (const person of matched) take(person, `chair of ${group.acronym} in the datatracker`);
    }
  }
  const opener = messages[0];
  if (opener) {
    const signers = signOffNames(signedTextOf(opener.segments));
    const openerPerson = people.find((p) => p.address === opener.from.address);
    if (signers.length > 1 && openerPerson && signers.some((name) => firstNameOf(openerPerson) === fold(name))) {
      for (const name of signers) {
        for (const person of people.filter((p) => firstNameOf(p) === fold(name))) take(person, `signed the opening message ("${signers.join(' & ')}")`);
      }
    }
    if (openerPerson && /\b(?:the|we) (?:[\w-]+ )?(?:co-?)?chairs\b(?! (?:of|at) )/i.test(opener.ownText) && !/\bto the chairs\b/i.test(opener.ownText)) {
      take(openerPerson, 'wrote the opening message as the chairs');
    }
  }
  for (const message of messages) {
    const said = /\b(?:as (?:the |a )?(?:[\w-]+ )?(?:co-?)?chairs?|we (?:the )?(?:co-?)?chairs|not as (?:a |the )?(?:co-?)?chair)\b/i.exec(message.ownText);
    const person = people.find((p) => p.address === message.from.address);
    if (said && person) take(person, `wrote "${said[0]}"`);
  }
  return [...chairs.values()];
}

interface Person {
  name: string;
  address: string;
}

function participantsOf(messages: readonly StoredMessage[]): Person[] {
  const byAddress = new Map<string, Person>();
  for (const message of messages) {
    const address = message.from.address.toLowerCase();
    if (!byAddress.has(address)) byAddress.set(address, { name: message.participant.name || message.from.name, address });
  }
  return [...byAddress.values()];
}

function matchesNamed(person: Person, named: string): boolean {
  const wanted = named.trim();
  if (wanted.includes('@')) return person.address === wanted.toLowerCase();
  return fold(person.name) === fold(wanted);
}

/** "Pekka & Jürgen" or "Anna and Carl" on a line of its own at the end of a message, before an optional "(… chairs)". */
function signOffNames(text: string): string[] {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter(Boolean).slice(-3);
  for (const line of lines.reverse()) {
    const m = /^([\p{Lu}][\p{L}'-]+)(?:,\s*([\p{Lu}][\p{L}'-]+))?\s*(?:&|and)\s*([\p{Lu}][\p{L}'-]+)$/u.exec(line);
    if (m) return [m[1], m[2], m[3]].filter((name): name is string => name !== undefined);
  }
  return [];
}

function firstNameOf(person: Person): string {
  return fold(person.name.split(/\s+/)[0] ?? '');
}

/** Names compared as participants are grouped: case, accents and punctuation folded (`Jürgen`, `jurgen`). */
function fold(text: string): string {
  return participantKey({ name: text, address: '' });
}

/** The datatracker's chairs stored for the lists the messages were posted to (none fetched here). */
export async function storedChairRoles(store: Store, messages: readonly StoredMessage[]): Promise<GroupChairs[]> {
  const lists = listsOfCopies(messages);
  const stored = await Promise.all(lists.map((list) => store.groupChairs(list)));
  return stored.filter((roles): roles is GroupChairs => roles !== null);
}
