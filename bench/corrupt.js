/**
 * Damages a generated archive the ways real ones get damaged, for the robustness benchmark and the
 * tests in test/perf: random byte flips, a file cut off in the middle of a message, a huge message,
 * a message of deeply nested multiparts, and headers with bytes that are not UTF-8.
 */
import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Random } from './lib/random.js';

const envelope = (minute) => `From damaged@example.org  Mon Feb 22 10:${String(minute).padStart(2, '0')}:00 2021\n`;

/**
 * Copies the `.mail` files of `from` (a generated archive) to `to`, damaged, and adds files with the
 * hostile messages. Returns what was done, so that a caller knows what to expect.
 */
export function corruptArchive({ from, to, seed = 7, flipEvery = 64 * 1024, hugeMessageBytes = 100 * 1024 * 1024, nestedDepth = 10_000 }) {
  const random = new Random(seed);
  const files = mailFiles(from);
  mkdirSync(to, { recursive: true });
  const copied = files.map((file) => {
    const target = path.join(to, path.relative(from, file).replaceAll(path.sep, '-'));
    copyFileSync(file, target);
    return target;
  });
  const flipped = copied.slice(1).map((file) => ({ file, source: files[copied.indexOf(file)], positions: flipBytes(file, random, flipEvery) }));
  const truncatedAt = truncateMidMessage(copied[0], random);
  writeHugeMessage(path.join(to, 'zz-huge.mail'), hugeMessageBytes);
  writeFileSync(path.join(to, 'zz-nested.mail'), nestedMessage(nestedDepth));
  writeFileSync(path.join(to, 'zz-bad-headers.mail'), Buffer.from(badHeaderMessages(), 'latin1'));
  return {
    files: copied.length + 3,
    flips: flipped.reduce((sum, file) => sum + file.positions.length, 0),
    flipped,
    truncated: { file: copied[0], source: files[0], at: truncatedAt },
    hugeMessageBytes,
    nestedDepth,
    badHeaderMessages: 3,
  };
}

function mailFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.mail'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** One random byte changed every `every` bytes on average, anywhere (separators and headers too); returns where. */
function flipBytes(file, random, every) {
  const bytes = readFileSync(file);
  const count = Math.max(1, Math.round(bytes.length / every));
  const positions = [];
  for (let i = 0; i < count; i++) {
    const position = random.int(0, bytes.length - 1);
    bytes[position] = (bytes[position] + random.int(1, 255)) % 256;
    positions.push(position);
  }
  writeFileSync(file, bytes);
  return positions.sort((a, b) => a - b);
}

/** Cuts the file inside a message body in its last third, as a download cut off would. */
function truncateMidMessage(file, random) {
  const bytes = readFileSync(file);
  let at = random.int(Math.floor(bytes.length * 0.67), bytes.length - 2);
  while (at < bytes.length - 1 && bytes[at - 1] === 0x0a) at++;
  writeFileSync(file, bytes.subarray(0, at));
  return at;
}

/** A message with a `hugeBytes` base64 attachment, written in pieces: it never sits in memory whole. */
function writeHugeMessage(file, hugeBytes) {
  const fd = openSync(file, 'w');
  writeSync(fd, `${envelope(1)}From: Big Sender <big@example.org>\nMessage-ID: <huge-attachment@example.org>\nSubject: the whole capture\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="cut"\n\n--cut\nContent-Type: text/plain\n\nSee the attached capture.\n--cut\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n`);
  const line = `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(2).slice(0, 76)}\n`;
  const chunk = line.repeat(Math.floor((1024 * 1024) / line.length));
  for (let written = 0; written < hugeBytes; written += chunk.length) writeSync(fd, chunk);
  writeSync(fd, `--cut--\n\n${envelope(2)}From: After Big <after@example.org>\nMessage-ID: <after-huge@example.org>\nSubject: after the big one\n\nThis one is fine.\n\n`);
  closeSync(fd);
}

function nestedMessage(depth) {
  const parts = [];
  for (let i = 1; i < depth; i++) parts.push(`--b${i}\nContent-Type: multipart/mixed; boundary="b${i + 1}"\n\n`);
  parts.push('innermost\n');
  for (let i = depth - 1; i >= 1; i--) parts.push(`\n--b${i}--\n`);
  return `${envelope(3)}From: Nested <nested@example.org>\nMessage-ID: <nested-bomb@example.org>\nSubject: nested\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n${parts.join('')}\n${envelope(4)}From: After Nested <after@example.org>\nMessage-ID: <after-nested@example.org>\nSubject: after the nested one\n\nStill readable.\n\n`;
}

/** Latin-1 and stray 8-bit bytes where UTF-8 (or RFC 2047) belongs, a NUL, an unterminated encoded word. */
function badHeaderMessages() {
  return [
    `${envelope(5)}From: J\xfcrgen M\xfcller <jm@example.org>\nMessage-ID: <latin1-from@example.org>\nSubject: R\xe9ponse \xe0 la question\n\nBody one.\n\n`,
    `${envelope(6)}From: =?utf-8?Q?broken <broken@example.org>\nMessage-ID: <broken-word@example.org>\nSubject: half \xc3 a character \xff\xfe\n\nBody two.\n\n`,
    `${envelope(7)}From: Nul\x00Byte <nul@example.org>\nMessage-ID: <nul-header@example.org>\nSubject: a \x00 in the header\n\nBody three.\n\n`,
  ].join('');
}
