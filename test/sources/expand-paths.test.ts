import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandSourcePaths } from '../../src/sources/index.js';
import { scratchDirectory } from './collect.js';

const scratch = scratchDirectory();
let root = '';

async function touch(relative: string): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, 'Subject: x\n\nx\n');
}

beforeAll(async () => {
  root = path.join(await scratch.dir(), 'archive');
  for (const file of [
    'wg/2010-04.mail',
    'wg/2010-03.mail',
    'wg/notes.txt',
    'wg/.hidden/2010-05.mail',
    'wg/old/2009-12.mbox',
    'wg/old/2009-11.mail.gz',
    'wg/single.EML',
    'wg/inbox/cur/1267425900.M1P1.mx',
    'wg/inbox/tmp/1267425901.M2P1.mx',
    'wg/incoming/new/1267425902.M3P1.mx',
    'loose.txt',
  ]) {
    await touch(file);
  }
  await writeFile(path.join(root, 'wg/Inbox'), 'From jane@example.org  Mon Mar  1 06:46:11 2010\nFrom: Jane <jane@example.org>\n\nx\n');
  await writeFile(path.join(root, 'wg/saved-message'), 'Return-Path: <jane@example.org>\nFrom: Jane <jane@example.org>\n\nx\n');
  await writeFile(path.join(root, 'wg/labels.json'), '{"key": "value"}\n');
  await writeFile(path.join(root, 'wg/NOTES'), 'Title: agenda\nOwner: chairs\n\nnot mail\n');
  await symlink(path.join(root, 'wg'), path.join(root, 'wg/old/loop'));
  await symlink(path.join(root, 'wg/2010-03.mail'), path.join(root, 'wg/old/linked-2010-03.mail'));
  await symlink(path.join(root, 'wg/missing.mail'), path.join(root, 'wg/old/dangling.mail'));
});

describe('expandSourcePaths', () => {
  it('walks a directory for mailbox files and maildirs, sorted, not following symlinked directories', async () => {
    // Files without a mailbox extension are picked up when they start like a mailbox or a message.
    expect(await expandSourcePaths([path.join(root, 'wg')])).toEqual(
      [
        'wg/2010-03.mail',
        'wg/2010-04.mail',
        'wg/Inbox',
        'wg/inbox',
        'wg/incoming',
        'wg/old/2009-11.mail.gz',
        'wg/old/2009-12.mbox',
        'wg/old/linked-2010-03.mail',
        'wg/saved-message',
        'wg/single.EML',
      ].map((relative) => path.join(root, relative)),
    );
  });

  it('keeps given files and maildirs as they are, in the order given, each once', async () => {
    const given = [
      path.join(root, 'loose.txt'),
      path.join(root, 'wg/inbox'),
      path.join(root, 'wg/old'),
      path.join(root, 'wg/old/2009-12.mbox'),
    ];
    expect(await expandSourcePaths(given)).toEqual([
      path.join(root, 'loose.txt'),
      path.join(root, 'wg/inbox'),
      path.join(root, 'wg/old/2009-11.mail.gz'),
      path.join(root, 'wg/old/2009-12.mbox'),
      path.join(root, 'wg/old/linked-2010-03.mail'),
    ]);
  });

  it('passes a missing path through for readSource to report', async () => {
    const missing = path.join(root, 'missing.mail');
    expect(await expandSourcePaths([missing])).toEqual([missing]);
  });
});
