/** What an import of a generated archive must find (see generate.js). */
export interface ArchiveManifest {
  generatorVersion: number;
  seed: number;
  /** Messages generated (a cross-posted one once). */
  messages: number;
  /** Copies written to the files (a cross-posted message has one per list). */
  copies: number;
  files: number;
  bytes: number;
  expected: { read: number; stored: number; copies: number; failed: number; skipped: number; duplicates: number };
  /** Message-ID of the first message of the 200-message thread. */
  coverageRoot: string | null;
  lists: string[];
}

export const coverageThreadSize: number;
export const generatorVersion: number;

/** `specialScale`: damaged and special messages (no Message-ID, X-No-Archive, duplicates, ...) that many times more often. */
export function generateArchive(options: { messages: number; seed?: number; dir: string; specialScale?: number }): ArchiveManifest;
