import * as z from 'zod';
import { ListlensError } from '../index.js';

/** A tool's `limit`: how many items a page holds, `fallback` unless asked, never more than `most`. */
export function limitSchema(fallback: number, most: number, items: string) {
  return z.number().int().min(1).max(most).default(fallback).describe(`${items} a page holds (default ${fallback}, at most ${most})`);
}

export const cursorSchema = z.string().max(200).optional().describe('the nextCursor of the previous answer, for the page after it');

/** A page of a list, and where the next one starts when there is more. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Cursors are opaque to clients: a position, encoded so that a made-up one is told apart. */
export function cursorAt(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Not base64url JSON: refused below like any cursor this server did not give.
  }
  throw new ListlensError('usage', 'cursor: not one this server gave (pass the nextCursor of the previous answer, or none)');
}

export function pageOf<T>(items: readonly T[], cursor: string | undefined, limit: number): Page<T> {
  const offset = offsetOf(cursor);
  const end = offset + limit;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextCursor: cursorAt(end) } : {}) };
}
