export interface FlippedFile {
  /** The damaged copy. */
  file: string;
  /** The clean file it was copied from. */
  source: string;
  /** Offsets of the changed bytes, ascending. */
  positions: number[];
}

export interface Damage {
  files: number;
  flips: number;
  flipped: FlippedFile[];
  truncated: { file: string; source: string; at: number };
  hugeMessageBytes: number;
  nestedDepth: number;
  badHeaderMessages: number;
}

export function corruptArchive(options: {
  from: string;
  to: string;
  seed?: number;
  flipEvery?: number;
  hugeMessageBytes?: number;
  nestedDepth?: number;
}): Damage;
