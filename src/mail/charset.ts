import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import type { IconvConstructor } from 'mailparser';

/**
 * The charset label the MIME pre-scan gives to text parts declared UTF-8 or US-ASCII (or not
 * declared at all) whose bytes may not be UTF-8. mailparser decodes those labels itself, turning
 * stray latin-1 bytes into U+FFFD; any other label goes through `charsetDecoderClass`.
 */
export const SNIFF_CHARSET = 'x-listlens-utf8-or-cp1252';

/** Labels of one-byte charsets: bytes that are valid multi-byte UTF-8 under such a label are UTF-8. */
const SINGLE_BYTE_LABEL = /^(?:iso[-_ ]?8859|latin|l\d$|windows[-_]?125|win[-_]?125|cp[-_]?125|cp[-_]?8\d\d|ibm[-_]?8\d\d|koi8|mac|x-mac|us-ascii|ascii|ansi_x3)/;
/** Labels for which WHATWG (and every mail client) decodes windows-1252, a superset of their bytes. */
const WINDOWS_1252_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'ansi_x3.4-1968']);

export interface DecodedText {
  text: string;
  /** Set when the bytes did not match their label and were decoded otherwise. */
  warning: string | null;
}

const HIGH_BYTE = /[\x80-\xff]/;

function hasHighBytes(bytes: Buffer): boolean {
  return HIGH_BYTE.test(bytes.toString('latin1'));
}

function utf8OrWindows1252(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'windows-1252');
}

/**
 * Decodes bytes labelled with `label` (a MIME charset name, or null for none), repairing the usual
 * mislabels: UTF-8 bytes under a one-byte label are read as UTF-8, non-UTF-8 bytes under a UTF-8
 * label (or an unknown one) as windows-1252, so no U+FFFD appears.
 */
export function decodeBytes(bytes: Buffer, label: string | null): DecodedText {
  const name = (label ?? '').trim().toLowerCase();
  if (name === '' || name === SNIFF_CHARSET || name === 'utf-8' || name === 'utf8') return decodeDeclaredUtf8(bytes, label);
  if (SINGLE_BYTE_LABEL.test(name)) return decodeSingleByte(bytes, name, label);
  if (ISO_2022_JP.test(name)) return { text: iconv.decode(iso2022JpToEucJp(bytes), 'euc-jp'), warning: null };
  if (iconv.encodingExists(name)) return { text: iconv.decode(bytes, name), warning: null };
  if (!hasHighBytes(bytes)) return { text: bytes.toString('latin1'), warning: null };
  return { text: utf8OrWindows1252(bytes), warning: `unknown charset ${label}: decoded as UTF-8 or windows-1252` };
}

function decodeDeclaredUtf8(bytes: Buffer, label: string | null): DecodedText {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), warning: null };
  const declared = label === null || label === '' || label === SNIFF_CHARSET ? 'UTF-8 or US-ASCII' : label;
  return { text: iconv.decode(bytes, 'windows-1252'), warning: `text declared ${declared} is not valid UTF-8: decoded as windows-1252` };
}

function decodeSingleByte(bytes: Buffer, name: string, label: string | null): DecodedText {
  if (!hasHighBytes(bytes)) return { text: bytes.toString('latin1'), warning: null };
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), warning: `text declared ${label} is UTF-8: decoded as UTF-8` };
  if (WINDOWS_1252_ALIASES.has(name) || !iconv.encodingExists(name)) return { text: iconv.decode(bytes, 'windows-1252'), warning: null };
  return { text: iconv.decode(bytes, name), warning: null };
}

const ISO_2022_JP = /^(?:cs)?iso-?2022-?jp/;
const ESC = 0x1b;

/**
 * iconv-lite has no ISO-2022-JP; its JIS X 0208 runs are EUC-JP with the high bit cleared, and its
 * half-width katakana run (ESC ( I) is EUC-JP's 0x8E-prefixed katakana.
 */
function iso2022JpToEucJp(bytes: Buffer): Buffer {
  const out: number[] = [];
  let mode: 'ascii' | 'kanji' | 'katakana' = 'ascii';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === ESC && i + 2 < bytes.length) {
      const sequence = bytes.toString('latin1', i + 1, i + 3);
      if (sequence === '$B' || sequence === '$@') mode = 'kanji';
      else if (sequence === '(I') mode = 'katakana';
      else if (sequence === '(B' || sequence === '(J') mode = 'ascii';
      else { out.push(byte); continue; }
      i += 2;
    } else if (byte === 0x0a || byte === 0x0d || mode === 'ascii') {
      out.push(byte);
    } else if (mode === 'katakana') {
      out.push(0x8e, byte | 0x80);
    } else {
      out.push(byte | 0x80);
    }
  }
  return Buffer.from(out);
}

/** Decodes a header line's raw bytes: UTF-8 when valid (RFC 6532), else windows-1252. */
export function decodeHeaderBytes(bytes: Buffer): string {
  return hasHighBytes(bytes) ? utf8OrWindows1252(bytes) : bytes.toString('latin1');
}

/** A decoder failure must not cost the message its text: such bytes are read as windows-1252. */
export function decodeOrFallBack(bytes: Buffer, label: string): DecodedText {
  try {
    return decodeBytes(bytes, label);
  } catch {
    return { text: iconv.decode(bytes, 'windows-1252'), warning: `charset ${label} failed to decode: decoded as windows-1252` };
  }
}

/**
 * A class with the interface mailparser expects of node-iconv's `Iconv` (its `Iconv` option), that
 * decodes each text part with `decodeBytes`. A part is buffered whole: whether its bytes are UTF-8
 * is only known at the end. Warnings of every part decoded go to `warnings`.
 */
export function charsetDecoderClass(warnings: string[]): IconvConstructor {
  return class CharsetDecoder extends Transform {
    private readonly chunks: Buffer[] = [];

    constructor(
      private readonly charset: string,
      _targetCharset: string,
    ) {
      super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      this.chunks.push(chunk);
      done();
    }

    override _flush(done: TransformCallback): void {
      const decoded = decodeOrFallBack(Buffer.concat(this.chunks), this.charset);
      if (decoded.warning && !warnings.includes(decoded.warning)) warnings.push(decoded.warning);
      this.push(Buffer.from(decoded.text, 'utf8'));
      done();
    }
  };
}
