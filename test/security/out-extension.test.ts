import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';
import { scratchDir } from '../perf/helpers.js';

const draft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');
const thread = 'Secure IoT Bootstrapping: A Survey';
const dir = scratchDir('out-extension');
const store = path.join(dir, 'archive.sqlite');
const run = (...args: string[]) => listlens(['--store', store, ...args]);
const out = (name: string) => path.join(dir, name);

beforeAll(() => {
  expect(run('import', fixturePath('archive')).status).toBe(0);
});

describe('--out names a file of a format the command writes', () => {
  it.each(['c.pdf', 'c.txt', 'c.docx', 'c'])('coverage --out %s is a usage error and writes nothing', (name) => {
    const result = run('coverage', thread, '--draft', draft, '--out', out(name));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`listlens: --out ${out(name)}: the file name must end in .md, .html or .json\n`);
    expect(existsSync(out(name))).toBe(false);
  });

  it('coverage refuses an --out whose extension says another format than --format', () => {
    const result = run('coverage', thread, '--draft', draft, '--format', 'html', '--out', out('mixed.md'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`listlens: --out ${out('mixed.md')}: --format html writes .html, not .md\n`);
    expect(existsSync(out('mixed.md'))).toBe(false);
  });

  it('coverage writes the format its extension names', () => {
    for (const [name, start] of [['c.json', '{'], ['c.htm', '<!doctype html>'], ['c.markdown', '# ']] as const) {
      expect(run('coverage', thread, '--draft', draft, '--out', out(name)).status).toBe(0);
      expect(readFileSync(out(name), 'utf8').startsWith(start), name).toBe(true);
    }
  });

  it('brief refuses the same way, with its own formats', () => {
    const result = run('brief', thread, '--draft', draft, '--out', out('b.json'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`listlens: --out ${out('b.json')}: the file name must end in .html, .md or .pdf\n`);
  });
});
