import type { MatchRules, Technology } from './types.js';
import { ListlensError } from '../core/index.js';

/** A taxonomy file or entry that cannot be used; the message is one line naming file, entry and field. */
export class TaxonomyError extends ListlensError {
  override name = 'TaxonomyError';

  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

const entryFields = ['id', 'name', 'aliases', 'rfcs', 'drafts', 'org', 'category', 'rules'];
const ruleFields = ['caseSensitive', 'requireNearby', 'rejectNearby', 'window'];
const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const draftPattern = /^draft-[a-z0-9]+(?:-[a-z0-9]+)+$/;

type Complain = (message: string) => never;

/** The entries of one taxonomy file (a JSON array), checked field by field. */
export function validateEntries(content: unknown, file: string): Technology[] {
  if (!Array.isArray(content)) throw new TaxonomyError(`${file}: must be a JSON array of technology entries`);
  const ids = new Set<string>();
  return content.map((raw, index) => {
    const entry = validateEntry(raw, file, index + 1);
    if (ids.has(entry.id)) {
      throw new TaxonomyError(`${file}: entry ${index + 1} ("${entry.id}"): "id" is used by an earlier entry of this file`);
    }
    ids.add(entry.id);
    return entry;
  });
}

function validateEntry(raw: unknown, file: string, number: number): Technology {
  const label = `${file}: entry ${number}`;
  if (!isRecord(raw)) throw new TaxonomyError(`${label}: must be an object with id, name, org and category`);
  const id = typeof raw.id === 'string' ? raw.id : '';
  const complain: Complain = (message) => {
    throw new TaxonomyError(`${label}${id ? ` ("${id}")` : ''}: ${message}`);
  };
  const unknown = Object.keys(raw).find((field) => !entryFields.includes(field));
  if (unknown) complain(`unknown field "${unknown}" (fields: ${entryFields.join(', ')})`);
  if (!idPattern.test(id)) complain(`"id" must be lower-case letters, digits and hyphens, like "eap-noob"`);
  const entry: Technology = {
    id,
    name: requiredText(raw, 'name', complain),
    aliases: textList(raw, 'aliases', complain),
    rfcs: rfcList(raw, complain),
    drafts: draftList(raw, complain),
    org: requiredText(raw, 'org', complain),
    category: requiredText(raw, 'category', complain),
  };
  if (raw.rules !== undefined) entry.rules = validateRules(raw.rules, complain);
  return entry;
}

function requiredText(raw: Record<string, unknown>, field: string, complain: Complain): string {
  const value = raw[field];
  if (typeof value !== 'string' || !/[\p{L}\p{N}]/u.test(value)) complain(`"${field}" must be a non-empty string`);
  return value.trim();
}

function textList(raw: Record<string, unknown>, field: string, complain: Complain): string[] {
  const value = raw[field] ?? [];
  if (!Array.isArray(value)) complain(`"${field}" must be a list of strings`);
  return value.map((item, index) => {
    if (typeof item !== 'string' || !/[\p{L}\p{N}]/u.test(item)) {
      complain(`"${field}" item ${index + 1} must be a string with at least one letter or digit`);
    }
    return item.trim();
  });
}

function rfcList(raw: Record<string, unknown>, complain: Complain): number[] {
  const value = raw.rfcs ?? [];
  if (!Array.isArray(value)) complain(`"rfcs" must be a list of RFC numbers`);
  return value.map((item) => {
    if (!Number.isInteger(item) || item < 1 || item > 99999) {
      complain(`"rfcs": ${JSON.stringify(item)} is not an RFC number (write 8520, not "RFC 8520")`);
    }
    return item as number;
  });
}

function draftList(raw: Record<string, unknown>, complain: Complain): string[] {
  return textList(raw, 'drafts', complain).map((name) => {
    if (!draftPattern.test(name)) {
      complain(`"drafts": "${name}" is not a draft name (lower case, like "draft-ietf-anima-constrained-voucher")`);
    }
    if (/-\d{2}$/.test(name)) complain(`"drafts": "${name}" has a revision; write "${name.slice(0, -3)}"`);
    return name;
  });
}

function validateRules(raw: unknown, complain: Complain): MatchRules {
  if (!isRecord(raw)) complain(`"rules" must be an object (fields: ${ruleFields.join(', ')})`);
  const unknown = Object.keys(raw).find((field) => !ruleFields.includes(field));
  if (unknown) complain(`unknown field "rules.${unknown}" (fields: ${ruleFields.join(', ')})`);
  const rules: MatchRules = {};
  if (raw.caseSensitive !== undefined) {
    if (typeof raw.caseSensitive !== 'boolean') complain(`"rules.caseSensitive" must be true or false`);
    rules.caseSensitive = raw.caseSensitive;
  }
  if (raw.requireNearby !== undefined) rules.requireNearby = textList(raw, 'requireNearby', prefixed(complain));
  if (raw.rejectNearby !== undefined) rules.rejectNearby = textList(raw, 'rejectNearby', prefixed(complain));
  if (raw.window !== undefined) {
    if (!Number.isInteger(raw.window) || (raw.window as number) < 1 || (raw.window as number) > 10) {
      complain(`"rules.window" must be a whole number from 1 to 10`);
    }
    rules.window = raw.window as number;
  }
  return rules;
}

/** Names the rule fields `rules.x` in messages about them. */
function prefixed(complain: Complain): Complain {
  return (message) => complain(message.replace(/^"/, '"rules.'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
