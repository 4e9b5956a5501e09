/**
 * `npm run bench -- --peers`: listlens beside the indexers that do the same job on the same mail —
 * notmuch (`notmuch new`), mu (`mu init` + `mu index`) — and Python's mailbox + email baseline, which
 * stores nothing. Every tool reads one maildir made from the archive (every message in its files, one
 * file each); Python and listlens also read the archive's mbox files. Rounds are interleaved, the order
 * of the tools rotated each round, so a busy spell of the machine does not fall on one tool only.
 *
 * Each run is measured the same way whatever the tool (bench/lib/measure.js, bench/rusage.py): wall
 * time, and the CPU time and peak RSS that wait4() returns for the child process, its threads included. Each tool gets a
 * directory of its own under the work directory, set as its HOME (and its notmuch config or mu home),
 * removed after each round.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureCommand } from './lib/measure.js';
import { makeMaildir } from './maildir.js';

/**
 * Every peer that is installed, or that can be: as root with apt-get, a missing one is installed
 * (Debian packages); otherwise it is skipped, and why is said.
 */
function ensurePeer(command, debianPackage, progress) {
  if (onPath(command)) return null;
  if (process.getuid?.() !== 0) return `${command} is not installed, and installing it needs root (apt-get install ${debianPackage})`;
  if (!onPath('apt-get')) return `${command} is not installed, and there is no apt-get to install ${debianPackage} with`;
  progress(`installing ${debianPackage} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', debianPackage], { encoding: 'utf8', env });
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    result = install();
  }
  if (onPath(command)) return null;
  return `apt-get install ${debianPackage} failed: ${(result.stderr || result.stdout || '').trim().split('\n').at(-1)}`;
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function versionOf(command, args = ['--version']) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0] ?? 'unknown';
}

/** Bytes of a file, or of every file under a directory. */
function bytesUnder(target) {
  const info = statSync(target, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  return readdirSync(target).reduce((sum, name) => sum + bytesUnder(path.join(target, name)), 0);
}

/**
 * The tools, each with what it reads and how a round of it goes: a first index into an empty place,
 * then the same command again over the unchanged input (the re-scan), then the size of what it keeps.
 */
function tools({ root, archive, maildir, storeBytes }) {
  const python = (input) => ({ first: (measure) => [measure('python3', [path.join(root, 'bench', 'baseline.py'), input])], rescan: null, size: null });
  const listlens = (input) => ({
    first: (measure, home) => [measure(process.execPath, listlensArgs(root, home, input))],
    rescan: (measure, home) => [measure(process.execPath, listlensArgs(root, home, input))],
    size: (home) => storeBytes(path.join(home, 'store.sqlite')),
  });
  return [
    { name: 'notmuch', input: 'maildir', command: 'notmuch new', package: 'notmuch', binary: 'notmuch', ...notmuch(maildir) },
    { name: 'mu', input: 'maildir', command: 'mu init + mu index', package: 'maildir-utils', binary: 'mu', ...mu(maildir) },
    { name: 'python', input: 'maildir', command: 'bench/baseline.py (mailbox.Maildir + email, stores nothing)', ...python(maildir) },
    { name: 'listlens', input: 'maildir', command: 'listlens import', ...listlens(maildir) },
    { name: 'python', input: 'mbox', command: 'bench/baseline.py (mailbox.mbox + email, stores nothing)', ...python(archive) },
    { name: 'listlens', input: 'mbox', command: 'listlens import', ...listlens(archive) },
  ];
}

/** As a user runs it: the CLI, which picks its own number of parse workers. */
function listlensArgs(root, home, input) {
  return [path.join(root, 'bin', 'listlens.js'), '--store', path.join(home, 'store.sqlite'), 'import', '--json', input];
}

/** notmuch 0.32 and later keep the database apart from the mail (database.path vs database.mail_root). */
function notmuch(maildir) {
  const setUp = (home) => {
    const config = path.join(home, 'notmuch-config');
    mkdirSync(path.join(home, 'db'), { recursive: true });
    writeFileSync(
      config,
      [
        '[database]',
        `path=${path.join(home, 'db')}`,
        `mail_root=${maildir}`,
        '[user]',
        'name=Bench',
        'primary_email=bench@example.org',
        '[new]',
        'tags=unread;inbox;',
        'ignore=.complete',
        '',
      ].join('\n'),
    );
    return { NOTMUCH_CONFIG: config };
  };
  return {
    setUp,
    first: (measure) => [measure('notmuch', ['new'])],
    rescan: (measure) => [measure('notmuch', ['new'])],
    size: (home) => bytesUnder(path.join(home, 'db')),
  };
}

function mu(maildir) {
  const muhome = (home) => path.join(home, 'mu');
  return {
    setUp: () => ({}),
    first: (measure, home) => [
      measure('mu', ['init', `--muhome=${muhome(home)}`, `--maildir=${maildir}`]),
      measure('mu', ['index', `--muhome=${muhome(home)}`]),
    ],
    rescan: (measure, home) => [measure('mu', ['index', `--muhome=${muhome(home)}`])],
    size: (home) => bytesUnder(muhome(home)),
  };
}

/** One command of a tool's round; listlens exits 1 when some messages could not be read (the archive has a few on purpose). */
function measureIn(home, env) {
  let count = 0;
  return (command, args) => {
    const okExits = command === process.execPath ? [0, 1] : [0];
    const { stdout, ...usage } = measureCommand({ dir: home, name: `.run-${count++}`, env, okExits }, command, args);
    return usage;
  };
}

/** Several commands as one step (mu init + mu index): times and CPU add up, the peak is the larger. */
function combined(runs) {
  return {
    wallSeconds: runs.reduce((sum, run) => sum + run.wallSeconds, 0),
    cpuSeconds: runs.reduce((sum, run) => sum + run.cpuSeconds, 0),
    maxRssKiB: Math.max(...runs.map((run) => run.maxRssKiB)),
    said: runs.map((run) => run.said).filter(Boolean).join(' | '),
  };
}

function oneRound(tool, roundDir) {
  const home = path.join(roundDir, `${tool.name}-${tool.input}`);
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), ...(tool.setUp?.(home) ?? {}) };
  const measure = measureIn(home, env);
  const first = combined(tool.first(measure, home));
  const rescan = tool.rescan ? combined(tool.rescan(measure, home)) : null;
  const bytes = tool.size ? tool.size(home) : null;
  rmSync(home, { recursive: true, force: true });
  return { first, rescan, bytes };
}

/** The median of each figure over the rounds, the range of the wall times beside it. */
function summarise(runs) {
  const present = runs.filter(Boolean);
  if (present.length === 0) return null;
  const of = (key) => median(present.map((run) => run[key]));
  const walls = present.map((run) => run.wallSeconds);
  return {
    wallSeconds: of('wallSeconds'),
    wallRange: [Math.min(...walls), Math.max(...walls)],
    cpuSeconds: of('cpuSeconds'),
    maxRssMiB: of('maxRssKiB') / 1024,
    maxRssMiBHighest: Math.max(...present.map((run) => run.maxRssKiB)) / 1024,
    said: present.at(-1).said,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs every tool `repeat` times, interleaved, and returns the figures of each with its ratio to listlens. */
export async function peersBench({ root, dir, manifest, work, repeat, storeBytes, progress }) {
  const maildir = await makeMaildir(dir, `${dir}-maildir-all`, Number.POSITIVE_INFINITY);
  const files = readdirSync(path.join(maildir, 'cur')).length;
  const all = tools({ root, archive: dir, maildir, storeBytes });
  const skipped = {};
  const versions = { node: process.version, python: versionOf('python3') };
  for (const tool of all.filter((each) => each.binary)) {
    const why = ensurePeer(tool.binary, tool.package, progress);
    if (why) skipped[tool.name] = why;
    else versions[tool.name] = versionOf(tool.binary);
  }
  for (const [name, why] of Object.entries(skipped)) progress(`${name} skipped: ${why}`);
  const running = all.filter((tool) => !skipped[tool.name]);
  const runs = running.map(() => []);
  const orders = [];
  for (let round = 0; round < repeat; round++) {
    const order = running.map((_, i) => (i + round) % running.length);
    orders.push(order.map((i) => `${running[i].name} (${running[i].input})`));
    const roundDir = path.join(work, `peers-${round}`);
    for (const i of order) {
      const tool = running[i];
      progress(`peers, round ${round + 1}/${repeat}: ${tool.name} on the ${tool.input}`);
      runs[i].push(oneRound(tool, roundDir));
    }
    rmSync(roundDir, { recursive: true, force: true });
  }
  const figures = running.map((tool, i) => ({
    name: tool.name,
    input: tool.input,
    command: tool.command,
    first: summarise(runs[i].map((run) => run.first)),
    rescan: summarise(runs[i].map((run) => run.rescan)),
    bytes: tool.size ? median(runs[i].map((run) => run.bytes)) : null,
    runs: runs[i],
  }));
  for (const figure of figures) {
    const ours = figures.find((other) => other.name === 'listlens' && other.input === figure.input);
    figure.ratioToListlens = {
      wall: Number((figure.first.wallSeconds / ours.first.wallSeconds).toFixed(2)),
      cpu: Number((figure.first.cpuSeconds / ours.first.cpuSeconds).toFixed(2)),
    };
  }
  return {
    maildir: { path: maildir, files, bytes: bytesUnder(path.join(maildir, 'cur')) },
    mbox: { files: manifest.files, bytes: manifest.bytes, messages: manifest.expected.read },
    repeat,
    orders,
    versions,
    skipped,
    measuredWith: 'bench/rusage.py: wall time around the child; CPU (user + system) and peak RSS (ru_maxrss) from wait4() of the child',
    tools: figures,
  };
}

/** The comparison as a table: one row per tool and input. */
export function peersTable(peers) {
  const header = ['tool', 'reads', 'first index: wall (range)', 'CPU', 'x listlens (wall, CPU)', 'peak RSS', 'kept on disk', 're-scan, unchanged'];
  const rows = peers.tools.map((tool) => [
    tool.name,
    tool.input,
    `${tool.first.wallSeconds.toFixed(1)} s (${tool.first.wallRange.map((seconds) => seconds.toFixed(1)).join('-')})`,
    `${tool.first.cpuSeconds.toFixed(1)} s`,
    `${tool.ratioToListlens.wall}, ${tool.ratioToListlens.cpu}`,
    `${Math.round(tool.first.maxRssMiB)} MiB`,
    tool.bytes === null ? 'nothing' : `${(tool.bytes / 2 ** 20).toFixed(0)} MiB`,
    tool.rescan ? `${tool.rescan.wallSeconds.toFixed(2)} s (${tool.rescan.cpuSeconds.toFixed(2)} s CPU)` : '-',
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const skipped = Object.entries(peers.skipped).map(([name, why]) => `${name} skipped: ${why}`);
  return [
    `same mail as a maildir of ${peers.maildir.files} files (${(peers.maildir.bytes / 2 ** 20).toFixed(0)} MiB) and as ${peers.mbox.files} mbox files; median of ${peers.repeat} interleaved rounds`,
    line(header),
    ...rows.map(line),
    ...skipped,
    `versions: ${Object.entries(peers.versions).map(([name, version]) => `${name} ${version}`).join('; ')}`,
  ].join('\n');
}
