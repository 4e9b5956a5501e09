/** A seeded pseudo-random source (sfc32): the same seed always gives the same sequence. */
export class Random {
  constructor(seed: number);
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  exponential(mean: number): number;
  string(length: number, alphabet: string): string;
  bytes(length: number): Buffer;
}

export const hexDigits: string;
export const upperAlphanumeric: string;
export const base64url: string;
