import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, listlens } from '../helpers/cli.js';
import { fixturePath, repoRoot } from '../helpers/corpus.js';
import { labelled } from './archive.js';

let dir: string;
let store: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-thread-'));
  store = path.join(dir, 'archive.sqlite');
  const imported = listlens(['--store', store, 'import', fixturePath('archive')]);
  expect(imported.status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const thread = (...args: string[]) => listlens(['--store', store, 'thread', ...args]);
const subject = 'Secure IoT Bootstrapping';
const draft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.txt');

interface ThreadJson {
  schema: string;
  thread: { subject: string; messageCount: number; participantCount: number; lists: string[] };
  timeline: { messageId: string; gist: string }[];
  positions: { participant: string; stance: string; certain: boolean }[];
  drafts: string[];
  technologies: { id: string; raisedBy: string[]; verdicts: { draft: string; covered: boolean }[] }[];
  openQuestions: { question: string }[];
}

function json(...args: string[]): ThreadJson {
  const result = thread(...args, '--format', 'json');
  // Only the one line saying who was taken as chair: stdout is the JSON.
  expect(result.stderr).toMatch(/^chairs[^\n]*\n$/);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as ThreadJson;
}

describe('listlens thread', () => {
  it('--format json: the summary of the thread a subject names', () => {
    const summary = json(subject);
    expect(summary.schema).toBe('listlens/thread@2');
    expect(summary.thread).toMatchObject({ subject: 'Secure IoT Bootstrapping: A Survey', messageCount: 26, participantCount: 19 });
    expect(summary.timeline.map((e) => e.messageId).sort()).toEqual(labelled('bootstrapping').map(([id]) => id).sort());
    expect(summary.positions.filter((p) => p.stance === 'support')).toHaveLength(11);
    expect(summary.positions.filter((p) => p.stance === 'changes').map((p) => p.participant)).toEqual([
      'Aisha Rahman',
      'Luis Ferreira',
      'Marco Bellini',
    ]);
    expect(summary.openQuestions.map((q) => q.question)).toEqual([
      'Could you send the AKMA text to the authors directly, with t2trg in copy?',
    ]);
    expect(summary.drafts).toEqual([]);
    const fdo = summary.technologies.find((t) => t.id === 'fdo');
    expect(fdo?.raisedBy.slice(0, 2)).toEqual(['Yuki Morimoto', 'David Okonkwo']);
    expect(fdo?.verdicts).toEqual([]);
  });

  it('--draft: every technology raised gets the draft\'s verdict', () => {
    const summary = json(subject, '--draft', draft);
    expect(summary.drafts).toEqual(['draft-example-t2trg-iot-bootstrapping-05']);
    expect(summary.technologies.length).toBeGreaterThan(0);
    for (const technology of summary.technologies) {
      expect(technology.verdicts.map((v) => v.draft), technology.id).toEqual(['draft-example-t2trg-iot-bootstrapping-05']);
    }
  });

  it('--format md: Markdown, no colour codes', () => {
    const result = thread(subject, '--format', 'md');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('# Secure IoT Bootstrapping: A Survey\n')).toBe(true);
    expect(result.stdout).toContain('\n## Timeline\n');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('text: wraps to --width, else 80 when stdout is no terminal, and has no colour', () => {
    const narrow = thread(subject, '--width', '60');
    expect(narrow.status).toBe(0);
    const lines = narrow.stdout.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBe(60);
    expect(narrow.stdout).not.toContain('\u001b');
    expect(lines[0]).toBe('Secure IoT Bootstrapping: A Survey');

    const standard = thread(subject);
    expect(Math.max(...standard.stdout.split('\n').map((l) => [...l].length))).toBe(80);
    expect(standard.stdout).not.toContain('\u001b');
  });

  it('exits 2 on a bad --width or --format and 3 on a ref that names nothing', () => {
    expect(thread(subject, '--width', '5').status).toBe(2);
    expect(thread(subject, '--format', 'pdf').status).toBe(2);
    const missing = thread('no thread has this subject');
    expect(missing.status).toBe(3);
    expect(missing.stdout).toBe('');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI on a real pseudo-terminal of `columns` columns (util-linux `script`). */
function onTerminal(columns: number, env: Record<string, string>): string {
  const command = `stty cols ${columns} rows 50; '${process.execPath}' '${cliPath}' --store '${store}' thread SenML`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...env },
  });
  expect(result.status).toBe(0);
  return result.stdout.replace(/\r/g, '');
}

describe.skipIf(!hasScript)('listlens thread on a terminal', () => {
  it('colours, and wraps to the terminal width', () => {
    const output = onTerminal(70, {});
    expect(output).toContain('\u001b[1mSenML unit for volumetric water content?\u001b[0m');
    // The chairs line goes to stderr, which the terminal shows too, unwrapped like every log line.
    const widest = Math.max(...output.split('\n').filter((l) => !l.startsWith('chairs')).map((l) => [...l.replace(/\u001b\[[0-9;]*m/g, '')].length));
    expect(widest).toBeLessThanOrEqual(70);
    expect(widest).toBeGreaterThan(60);
  });

  it('does not colour with NO_COLOR set', () => {
    const output = onTerminal(70, { NO_COLOR: '1' });
    expect(output).toContain('SenML unit for volumetric water content?');
    expect(output).not.toContain('\u001b');
  });
});
