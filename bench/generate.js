/**
 * A deterministic, seeded generator of synthetic IETF-style monthly archives: `<dir>/<list>/<YYYY-MM>.mail`
 * in the form the IETF archive writes them (mbox, `From <sender>  <asctime>` separators, `>From `
 * escaping, Mailman list headers and footers). Everything is invented (example.* addresses, made-up
 * prose); the layout follows fixtures/archive/README.md.
 *
 * The mix: plain 7-bit text, quoted-printable (Latin-1 and UTF-8), base64, multipart/alternative,
 * HTML-only, attachments; threads with quoting (inline, Outlook-style), cross-posted threads, exact
 * duplicate copies, X-No-Archive, and a few malformed messages, some readable (8-bit header bytes, no
 * Message-ID, a bad date, an unclosed multipart, damaged base64) and some not (MIME nested too deep).
 *
 * Usage: node bench/generate.js --messages 10000 [--seed 1] --out DIR
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { base64, encodeText, headerWord, htmlBody, isAscii, quotedPrintable } from './lib/mime.js';
import { base64url, hexDigits, Random, upperAlphanumeric } from './lib/random.js';
import { ownWords, people, topic } from './lib/text.js';

const lists = [
  { name: 'iotops', display: 'IOT Operations', tag: 'Iotops', host: 'ietf.org' },
  { name: 't2trg', display: 'Thing-to-Thing Research Group', tag: 'T2TRG', host: 'irtf.org' },
  { name: 'anima', display: 'Autonomic Networking Integrated Model and Approach', tag: 'Anima', host: 'ietf.org' },
  { name: 'ace', display: 'Authentication and Authorization for Constrained Environments', tag: 'Ace', host: 'ietf.org' },
  { name: 'core', display: 'Constrained RESTful Environments', tag: 'core', host: 'ietf.org' },
  { name: 'lake', display: 'Lightweight Authenticated Key Exchange', tag: 'Lake', host: 'ietf.org' },
  { name: 'emu', display: 'EAP Method Update', tag: 'Emu', host: 'ietf.org' },
  { name: 'suit', display: 'Software Updates for Internet of Things', tag: 'Suit', host: 'ietf.org' },
  { name: 'teep', display: 'Trusted Execution Environment Provisioning', tag: 'Teep', host: 'ietf.org' },
  { name: 'rats', display: 'Remote ATtestation ProcedureS', tag: 'Rats', host: 'ietf.org' },
  { name: 'opsawg', display: 'OPS Area Working Group', tag: 'OPSAWG', host: 'ietf.org' },
  { name: 'iot-onboarding', display: 'IoT device onboarding discussion', tag: 'Iot-onboarding', host: 'ietf.org' },
];

/** Bumped whenever the output for a given seed changes, so that a cached archive is made again. */
export const generatorVersion = 3;
/** About what a busy set of IETF lists carries: the archive spans N / this many months. */
const messagesPerMonth = 5000;
const monthMs = 30.44 * 24 * 3600 * 1000;
const startTime = Date.UTC(2005, 0, 3, 8, 0, 0);
/** The thread `bench` analyses for coverage: this many messages, on iotops and t2trg. */
export const coverageThreadSize = 200;
const coverageSubject = 'Secure IoT Bootstrapping: A Survey';

/** Each kind of damaged or special message, one in this many messages. */
const specialEvery = {
  latin1Header: 900,
  noMessageId: 1500,
  badDate: 1700,
  unclosedMultipart: 1900,
  badBase64: 2300,
  noArchive: 2500,
  duplicate: 1100,
  deepMime: 5000,
};

/**
 * Writes the archive and returns its manifest: what an import of it must find. `messages` counts
 * messages (a cross-posted one once), not copies. `specialScale` makes damaged and special messages
 * that many times more frequent (tests use small archives and want some of each).
 */
export function generateArchive({ messages, seed = 1, dir, specialScale = 1 }) {
  const generator = new ArchiveGenerator(messages, seed, dir, specialScale);
  return generator.run();
}

class ArchiveGenerator {
  constructor(total, seed, dir, specialScale) {
    this.total = total;
    this.specialScale = specialScale;
    this.seed = seed;
    this.dir = dir;
    this.random = new Random(seed);
    this.people = people(this.random, Math.max(50, Math.min(4000, Math.round(total / 25))));
    this.threads = [];
    this.files = new Map();
    this.time = startTime;
    this.count = 0;
    this.manifest = {
      generatorVersion,
      seed,
      messages: total,
      copies: 0,
      files: 0,
      bytes: 0,
      expected: { read: 0, stored: 0, copies: 0, failed: 0, skipped: 0, duplicates: 0 },
      coverageRoot: null,
      lists: [],
    };
  }

  run() {
    mkdirSync(this.dir, { recursive: true });
    const coverage = this.newThread(true);
    for (this.count = 0; this.count < this.total; this.count++) {
      this.time += this.random.exponential(monthMs / messagesPerMonth);
      const thread = this.chooseThread(coverage);
      this.writeMessage(thread);
    }
    for (const file of this.files.values()) this.closeFile(file);
    this.manifest.lists = [...new Set([...this.files.keys()].map((key) => key.split('/')[0]))].sort();
    writeFileSync(path.join(this.dir, 'manifest.json'), `${JSON.stringify(this.manifest, null, 2)}\n`);
    return this.manifest;
  }

  /** The coverage thread first gets one message in four until it is complete; otherwise threads average ~6. */
  chooseThread(coverage) {
    if (coverage.written < coverage.planned && this.random.chance(0.25)) return coverage;
    this.threads = this.threads.filter((thread) => thread.written < thread.planned);
    if (this.threads.length === 0 || this.random.chance(0.17)) {
      const thread = this.newThread(false);
      this.threads.push(thread);
      return thread;
    }
    // Recent threads get most replies, as on a real list.
    const recent = Math.min(this.threads.length, 40);
    return this.threads[this.threads.length - 1 - Math.floor(this.random.next() ** 2 * recent)];
  }

  newThread(isCoverage) {
    const random = this.random;
    const first = isCoverage ? lists[0] : random.pick(lists);
    const crossPost = isCoverage || random.chance(0.04);
    const second = crossPost ? (isCoverage ? lists[1] : random.pick(lists.filter((l) => l !== first))) : null;
    return {
      isCoverage,
      lists: second ? [first, second] : [first],
      subject: isCoverage ? coverageSubject : topic(random),
      planned: isCoverage ? coverageThreadSize : 1 + Math.floor(random.exponential(5)),
      written: 0,
      recent: [],
    };
  }

  writeMessage(thread) {
    const random = this.random;
    const author = random.pick(this.people);
    const parent = thread.recent.length ? thread.recent[thread.recent.length - 1 - Math.floor(random.next() ** 3 * thread.recent.length)] : null;
    const special = thread.isCoverage ? null : this.specialKind();
    const message = this.compose(thread, author, parent, special);
    thread.written++;
    if (thread.isCoverage && thread.written === 1) this.manifest.coverageRoot = message.messageId;
    thread.recent.push({ messageId: message.messageId, author, date: this.time, references: message.references, own: message.own });
    if (thread.recent.length > 12) thread.recent.shift();
    const copyLists = parent && thread.lists.length > 1 && random.chance(0.2) ? [thread.lists[0]] : thread.lists;
    for (const list of copyLists) this.writeCopy(list, message, special);
  }

  specialKind() {
    for (const [kind, every] of Object.entries(specialEvery)) {
      if (this.random.chance(this.specialScale / every)) return kind;
    }
    return null;
  }

  compose(thread, author, parent, special) {
    const random = this.random;
    const messageId = special === 'noMessageId' ? null : this.messageId(author);
    const references = parent ? [...parent.references.slice(-9), parent.messageId].filter(Boolean) : [];
    const own = ownWords(random, thread.isCoverage ? 0.45 : 0.12);
    const quoting = parent ? this.quoting(author, parent) : null;
    const signature = random.chance(0.6) ? `${author.name}${random.chance(0.5) ? `\n${author.address}` : ''}` : null;
    const subject = parent ? `Re: ${thread.subject}` : thread.subject;
    const body = this.body({ own, quoting, signature, author, special });
    // What the sender wrote is the same in every list's copy; only what the lists add differs.
    const headerCharset = random.chance(0.5) ? 'utf-8' : 'iso-8859-1';
    const zoneOffset = random.pick([0, 60, 120, -300, -420, 540, 330]);
    return { messageId: messageId ?? `synthetic-${this.count}`, realId: messageId, references, own, subject, body, author, parent, date: this.time, headerCharset, zoneOffset };
  }

  messageId(author) {
    const random = this.random;
    const n = this.count.toString(36);
    switch (author.client) {
      case 'outlook':
        return `DB8PR07MB${random.int(1000, 9999)}${random.string(20, upperAlphanumeric)}${n}@DB8PR07MB6428.eurprd07.prod.outlook.example.com`;
      case 'gmail':
        return `CA+${random.string(40, base64url.slice(0, 62))}${n}@mail.gmail.example.com`;
      case 'apple':
        return `${random.string(8, upperAlphanumeric)}-${random.string(4, upperAlphanumeric)}-${n}@example.com`;
      case 'mutt':
        return `${new Date(this.time).toISOString().replace(/\D/g, '').slice(0, 14)}.GA${n}@host.example.org`;
      default:
        return `${random.string(8, hexDigits)}-${random.string(4, hexDigits)}-${random.string(12, hexDigits)}${n}@example.org`;
    }
  }

  quoting(author, parent) {
    const when = new Date(parent.date).toUTCString().replace('GMT', '+0000');
    const quoted = parent.own.split('\n').slice(0, this.random.int(3, 14)).join('\n');
    if (author.client === 'outlook') {
      return {
        style: 'outlook',
        attribution: `-----Original Message-----\nFrom: ${parent.author.name} <${parent.author.address}>\nSent: ${when}\nSubject: the parent`,
        quoted,
      };
    }
    return { style: 'inline', attribution: `On ${when}, ${parent.author.name} wrote:`, quoted };
  }

  /** The body as plain text (with its MIME kind chosen), before list headers and footer. */
  body({ own, quoting, signature, author, special }) {
    const random = this.random;
    let text = own;
    if (random.chance(0.01)) text += '\n\nFrom my point of view the registrar is the easy part.';
    if (quoting?.style === 'outlook') {
      text += `\n\n${quoting.attribution}\n\n${quoting.quoted}`;
    } else if (quoting) {
      const quotedLines = quoting.quoted.split('\n').map((line) => `> ${line}`).join('\n');
      text = random.chance(0.3) ? `${quoting.attribution}\n${quotedLines}\n\n${text}` : `${text}\n\n${quoting.attribution}\n${quotedLines}`;
    }
    if (signature) text += `\n\n-- \n${signature}`;
    const roll = random.next();
    const kind =
      special === 'deepMime' ? 'deep' :
      special === 'unclosedMultipart' ? 'unclosed' :
      special === 'badBase64' ? 'badBase64' :
      roll < 0.45 ? 'plain' : roll < 0.6 ? 'qp' : roll < 0.65 ? 'base64' : roll < 0.85 ? 'alternative' : roll < 0.91 ? 'html' : 'attachment';
    return { kind, text, own, quoting, signature, author };
  }

  writeCopy(list, message, special) {
    const copy = this.render(list, message, special);
    const file = this.fileFor(list, this.time);
    this.append(file, copy);
    this.record(special, list, message);
    if (special === 'duplicate') {
      this.append(file, copy);
      this.manifest.expected.read++;
      this.manifest.expected.duplicates++;
    }
  }

  record(special, list, message) {
    const expected = this.manifest.expected;
    expected.read++;
    this.manifest.copies++;
    if (special === 'deepMime') expected.failed++;
    else if (special === 'noArchive') expected.skipped++;
    else {
      expected.copies++;
      if (!message.stored) expected.stored++;
      message.stored = true;
    }
  }

  /** One list's copy: envelope, transport headers, the sender's headers, the list's headers, the body with footer. */
  render(list, message, special) {
    const random = this.random;
    const { author } = message;
    const received = asctime(new Date(message.date - 8 * 3600_000));
    const lines = [`From ${author.address}  ${received}`];
    lines.push(`Return-Path: <${author.address}>`, `X-Original-To: ${list.name}@ietfa.amsl.com`, `Delivered-To: ${list.name}@ietfa.amsl.com`);
    lines.push(`Received: from localhost (localhost [127.0.0.1]) by ietfa.amsl.com (Postfix) with ESMTP id ${random.string(11, upperAlphanumeric)}; ${rfc2822(message.date, -480)} (PST)`);
    lines.push('X-Virus-Scanned: amavisd-new at amsl.com', 'X-Spam-Flag: NO', `X-Spam-Score: -${random.int(0, 6)}.${random.int(100, 999)}`, 'X-Spam-Level:');
    lines.push(`Received: from mail.ietf.org ([4.31.198.44]) by localhost (ietfa.amsl.com [127.0.0.1]) (amavisd-new, port 10024) with ESMTP id ${random.string(12, base64url)}; ${rfc2822(message.date, -480)} (PST)`);
    lines.push(`Received: from mx.example.net (mx.example.net [192.0.2.${random.int(1, 254)}]) by ietfa.amsl.com (Postfix) with ESMTPS id ${random.string(11, upperAlphanumeric)}; ${rfc2822(message.date, -480)} (PST)`);
    if (author.client === 'outlook' || author.client === 'gmail') lines.push(dkimSignature(random));
    lines.push(...this.senderHeaders(list, message, special));
    lines.push(...listHeaders(list, message, random));
    const { headers: mimeHeaders, body } = this.mimeBody(list, message.body);
    if (special === 'noArchive') lines.push('X-No-Archive: yes');
    // The archive escapes every body line starting `From `, encoded ones (a quoted-printable soft break) too.
    lines.push(...mimeHeaders, '', escapeFrom(body), '');
    return `${lines.join('\n')}\n`;
  }

  senderHeaders(list, message, special) {
    const random = this.random;
    const { author } = message;
    const charset = message.headerCharset;
    const displayName = author.lastFirst ? `"${author.name.split(' ').reverse().join(', ')}"` : author.name;
    let from = `${headerWord(displayName, charset)} <${author.address}>`;
    const headers = [];
    if (author.viaList) {
      from = `${headerWord(`${author.name} via ${list.tag}`, 'utf-8')} <${list.name}-bounces@${list.host}>`;
      headers.push(`Reply-To: ${headerWord(author.name, 'utf-8')} <${author.address}>`);
    }
    if (special === 'latin1Header') from = `${encodeText(author.name, 'iso-8859-1')} =?utf-8?Q?broken <${author.address}>`;
    headers.unshift(`From: ${from}`);
    headers.push(`To: ${list.name}@${list.host}`);
    const date = special === 'badDate' ? 'Thursday, 31 Febtember 2021 25:61' : rfc2822(message.date, message.zoneOffset);
    headers.push(`Date: ${date}`);
    if (message.realId) headers.push(`Message-ID: <${message.realId}>`);
    if (message.parent) {
      headers.push(`In-Reply-To: <${message.parent.messageId}>`);
      headers.push(`References: ${message.references.map((id) => `<${id}>`).join('\n ')}`);
    }
    const subject = special === 'latin1Header' ? `${encodeText(message.subject, 'iso-8859-1')} \xe9\xe8 caf\xe9` : headerWord(message.subject, 'utf-8');
    headers.push(`Subject: [${list.tag}] ${subject}`);
    return headers;
  }

  /** Content headers and encoded body of one copy, the list footer added as Mailman 2.1 does. */
  mimeBody(list, body) {
    const random = this.random;
    const footer = `_______________________________________________\n${list.tag} mailing list\n${list.tag}@${list.host}\nhttps://www.ietf.org/mailman/listinfo/${list.name}`;
    const boundary = `===============${random.string(19, '0123456789')}==`;
    const textPart = (text) => plainPart(text, random.chance(0.5) ? 'quoted-printable' : 'base64');
    switch (body.kind) {
      case 'plain':
        return isAscii(body.text)
          ? { headers: ['MIME-Version: 1.0', 'Content-Type: text/plain; charset="us-ascii"', 'Content-Transfer-Encoding: 7bit'], body: `${body.text}\n${footer}\n` }
          : splitPart(plainPart(`${body.text}\n${footer}\n`, 'base64'));
      case 'qp':
        return splitPart(plainPart(`${body.text}\n${footer}\n`, 'quoted-printable', random.chance(0.5) ? 'utf-8' : 'iso-8859-1'));
      case 'base64':
        return splitPart(plainPart(`${body.text}\n${footer}\n`, 'base64'));
      case 'alternative':
      case 'html': {
        const html = htmlPart(htmlBody({ own: body.own, attribution: body.quoting?.attribution ?? '', quoted: body.quoting?.quoted ?? '', signature: body.signature }));
        const inner = body.kind === 'html' ? html : multipart('alternative', `_000_${random.string(30, upperAlphanumeric)}_`, [textPart(body.text), html]);
        return mixedWithFooter(boundary, [inner], footer);
      }
      case 'attachment': {
        const attachment = random.chance(0.5)
          ? `Content-Type: application/pdf; name="slides-${random.int(100, 120)}-${random.int(1, 99)}.pdf"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="slides.pdf"\n\n${base64(random.bytes(random.int(4_000, 60_000)))}`
          : `Content-Type: text/x-diff; charset="us-ascii"; name="fix.patch"\nContent-Disposition: attachment; filename="fix.patch"\n\n--- a/draft.md\n+++ b/draft.md\n@@ -1,3 +1,3 @@\n-old text\n+new text\n`;
        return mixedWithFooter(boundary, [textPart(body.text), attachment], footer);
      }
      case 'unclosed':
        return { headers: ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`], body: `--${boundary}\nContent-Type: text/plain\n\n${body.text}\n` };
      case 'badBase64':
        return { headers: ['MIME-Version: 1.0', 'Content-Type: text/plain; charset="utf-8"', 'Content-Transfer-Encoding: base64'], body: `${base64(Buffer.from(body.text)).slice(0, 300)}!!**%%\n${'#'.repeat(40)}\n` };
      case 'deep':
        return deepMultipart(150);
    }
  }

  fileFor(list, time) {
    const month = new Date(time).toISOString().slice(0, 7);
    const key = `${list.name}/${month}`;
    const open = this.files.get(list.name);
    if (open && open.key === key) return open;
    if (open) this.closeFile(open);
    mkdirSync(path.join(this.dir, list.name), { recursive: true });
    const file = { key, fd: openSync(path.join(this.dir, list.name, `${month}.mail`), 'w'), parts: [], size: 0 };
    this.files.set(list.name, file);
    this.manifest.files++;
    // The archive's files start with an empty line.
    this.append(file, '\n');
    return file;
  }

  append(file, text) {
    file.parts.push(text);
    file.size += text.length;
    this.manifest.bytes += text.length;
    if (file.size > 1 << 20) this.flushFile(file);
  }

  flushFile(file) {
    writeSync(file.fd, file.parts.join(''), null, 'latin1');
    file.parts = [];
    file.size = 0;
  }

  closeFile(file) {
    this.flushFile(file);
    closeSync(file.fd);
  }
}

function splitPart(part) {
  const [head, ...rest] = part.split('\n\n');
  return { headers: ['MIME-Version: 1.0', ...head.split('\n')], body: rest.join('\n\n') };
}

function plainPart(text, encoding, charset = 'utf-8') {
  const bytes = encodeText(text, charset);
  const encoded = encoding === 'base64' ? base64(bytes) : quotedPrintable(bytes);
  return `Content-Type: text/plain; charset="${charset}"\nContent-Transfer-Encoding: ${encoding}\n\n${encoded}`;
}

function htmlPart(html) {
  return `Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n${quotedPrintable(encodeText(html, 'utf-8'))}`;
}

function multipart(subtype, boundary, parts) {
  return `Content-Type: multipart/${subtype};\n\tboundary="${boundary}"\n\n${parts.map((part) => `--${boundary}\n${part}\n`).join('\n')}\n--${boundary}--\n`;
}

function mixedWithFooter(boundary, parts, footer) {
  const footerPart = `Content-Type: text/plain; charset="us-ascii"\nMIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\nContent-Disposition: inline\n\n${footer}\n`;
  const whole = multipart('mixed', boundary, [...parts, footerPart]);
  const [head, ...rest] = whole.split('\n\n');
  return { headers: ['MIME-Version: 1.0', head.replace(';\n\t', '; ')], body: rest.join('\n\n') };
}

function deepMultipart(depth) {
  let body = 'innermost\n';
  for (let i = depth; i > 1; i--) body = `--b${i - 1}\nContent-Type: multipart/mixed; boundary="b${i}"\n\n${body}\n--b${i - 1}--\n`;
  return { headers: ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"'], body };
}

function listHeaders(list, message, random) {
  const archiveId = random.string(27, base64url);
  return [
    `Archived-At: <https://mailarchive.ietf.org/arch/msg/${list.name}/${archiveId}>`,
    `X-BeenThere: ${list.name}@${list.host}`,
    'X-Mailman-Version: 2.1.29',
    'Precedence: list',
    `List-Id: ${list.display} <${list.name}.${list.host}>`,
    `List-Unsubscribe: <https://www.ietf.org/mailman/options/${list.name}>, <mailto:${list.name}-request@${list.host}?subject=unsubscribe>`,
    `List-Archive: <https://mailarchive.ietf.org/arch/browse/${list.name}/>`,
    `List-Post: <mailto:${list.name}@${list.host}>`,
    `List-Help: <mailto:${list.name}-request@${list.host}?subject=help>`,
    `List-Subscribe: <https://www.ietf.org/mailman/listinfo/${list.name}>, <mailto:${list.name}-request@${list.host}?subject=subscribe>`,
    `Errors-To: ${list.name}-bounces@${list.host}`,
    `Sender: "${list.tag}" <${list.name}-bounces@${list.host}>`,
  ];
}

function dkimSignature(random) {
  const b = Array.from({ length: 5 }, () => `\t ${random.string(70, base64url)}`).join('\n');
  return `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=selector1;\n\th=From:Date:Subject:Message-ID:Content-Type:MIME-Version;\n\tbh=${random.string(43, base64url)}=;\n\tb=${random.string(60, base64url)}\n${b}`;
}

/** Body lines starting `From ` are written `>From `, as the archive does. */
function escapeFrom(text) {
  return text.replace(/^(>*From )/gm, '>$1');
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');

/** `Fri Feb 19 06:03:01 2021` of a date's UTC fields. */
function asctime(date) {
  return `${weekdays[date.getUTCDay()]} ${monthNames[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

/** `Fri, 19 Feb 2021 14:02:37 +0000` in the zone `offsetMinutes` east of UTC. */
function rfc2822(time, offsetMinutes) {
  const local = new Date(time + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.floor(Math.abs(offsetMinutes) / 60))}${two(Math.abs(offsetMinutes) % 60)}`;
  return `${weekdays[local.getUTCDay()]}, ${local.getUTCDate()} ${monthNames[local.getUTCMonth()]} ${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${zone}`;
}

function parseArguments(argv) {
  const options = { messages: 10_000, seed: 1, out: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--messages') options.messages = Number(value);
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!options.out) throw new Error('--out DIR is required');
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArguments(process.argv.slice(2));
  const manifest = generateArchive({ messages: options.messages, seed: options.seed, dir: options.out });
  process.stdout.write(`${JSON.stringify(manifest)}\n`);
}
