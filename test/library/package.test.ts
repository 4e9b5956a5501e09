import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { documentedExample, exampleArchive, exampleDraft, exampleFacts } from './example.js';

/**
 * listlens as a user gets it: `npm pack` (of the dist/ that `npm test` builds first), the tarball
 * unpacked into an empty project's node_modules with no network, each runtime dependency linked from
 * this checkout's node_modules, and docs/library.md's example run there with node.
 */
let work: string;
let project: string;
let packed: string[];

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
  if (result.error) throw result.error;
  return result;
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'listlens-package-'));
  // Scripts are not run: `prepare` would rebuild dist/ under the other tests' feet.
  const pack = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repoRoot);
  expect(pack.status, pack.stderr).toBe(0);
  const [tarball] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = tarball!.files.map((file) => file.path);
  project = path.join(work, 'project');
  const installed = path.join(project, 'node_modules', 'listlens');
  mkdirSync(installed, { recursive: true });
  expect(run('tar', ['-xzf', path.join(work, tarball!.filename), '-C', installed, '--strip-components=1'], work).status).toBe(0);
  const { dependencies } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    mkdirSync(path.dirname(path.join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(project, 'node_modules', name), 'dir');
  }
  writeFileSync(path.join(project, 'package.json'), '{ "name": "uses-listlens", "private": true, "type": "module" }\n');
  writeFileSync(path.join(project, 'example.mjs'), documentedExample());
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the listlens package', () => {
  it('holds the built library, the command, the docs, the licence and the taxonomy, not the sources or tests', () => {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'bin/listlens.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/nlp/technologies.json', 'docs/library.md']) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((file) => /^(src|test|fixtures|scripts|bench|reports)\//.test(file) || file.endsWith('.map'))).toEqual([]);
  });

  it('runs the documented example in a project that installed it', () => {
    const result = run(process.execPath, ['example.mjs', exampleArchive, exampleDraft], project);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, exampleFacts.length)).toEqual(exampleFacts);
  });

  it('lets in through its index only', () => {
    const deep = run(process.execPath, ['--input-type=module', '-e', "await import('listlens/dist/cli/main.js')"], project);
    expect(deep.status).toBe(1);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('installs a working listlens command', () => {
    const version = run(process.execPath, [path.join('node_modules', 'listlens', 'bin', 'listlens.js'), '--version'], project);
    expect([version.status, version.stdout]).toEqual([0, `${JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version}\n`]);
  });
});
