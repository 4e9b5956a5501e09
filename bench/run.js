/**
 * `npm run bench`: listlens at archive scale, against the baselines, in one run on this machine.
 *
 *   node bench/run.js [--messages 30000] [--seed 1] [--workers N] [--data DIR] [--repeat 1]
 *                     [--no-baselines] [--kill] [--corrupt] [--maildir N] [--imap | --imap-only] [--add N] [--peers]
 *
 * Generates (or reuses) a seeded synthetic archive, then times, each in a child process of its own:
 * Python's mailbox + email (compat32) over the same files, a plain mailparser loop, the listlens import
 * (split, decode, own text, store with FTS, threading), an import of the same unchanged archive, FTS
 * search, and coverage of the archive's 200-message thread against the bundled draft. `--kill` SIGKILLs
 * an import three times and checks the resumed store; `--corrupt` imports a damaged copy; `--maildir N`
 * imports N of the messages as a maildir, then times the re-scan of the unchanged maildir. `--imap` starts a
 * local Dovecot (dovecot-imapd), writes the archive into it (one folder per list), and times a sync of
 * every folder over IMAP and a re-sync with nothing new; `--imap-only` measures only that. `--add N`
 * measures only the daily path (bench/daily.js): an archive of --messages + N split by date, the latest N
 * imported into a store of the others and into an empty store (--repeat times each, default 3). `--peers`
 * measures only the comparison with notmuch, mu and Python on the same maildir and mbox (bench/peers.js;
 * --repeat interleaved rounds, default 5). Figures go to stdout as a table and to
 * bench/results/<YYYY-MM-DD-HH-MM-SS>-<messages>.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { corruptArchive } from './corrupt.js';
import { dailyPath, importWallSeconds, splitArchive } from './daily.js';
import { makeMaildir } from './maildir.js';
import { peersBench, peersTable } from './peers.js';
import { generateArchive, generatorVersion } from './generate.js';
import { Random } from './lib/random.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const childScript = path.join(root, 'bench', 'child.js');
const draftFile = path.join(root, 'fixtures', 'drafts', 'draft-example-t2trg-iot-bootstrapping-05.xml');
const memoryBoundMiB = 300;

function parseArguments(argv) {
  const options = { messages: 30_000, seed: 1, workers: undefined, data: null, repeat: 1, repeatGiven: false, baselines: true, kill: false, corrupt: false, imap: false, imapOnly: false, maildir: 0, add: 0, peers: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    if (flag === '--messages') options.messages = Number(value());
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--workers') options.workers = Number(value());
    else if (flag === '--data') options.data = value();
    else if (flag === '--repeat') {
      options.repeat = Number(value());
      options.repeatGiven = true;
    }
    else if (flag === '--no-baselines') options.baselines = false;
    else if (flag === '--kill') options.kill = true;
    else if (flag === '--corrupt') options.corrupt = true;
    else if (flag === '--imap') options.imap = true;
    else if (flag === '--imap-only') options.imap = options.imapOnly = true;
    else if (flag === '--maildir') options.maildir = Number(value());
    else if (flag === '--add') options.add = Number(value());
    else if (flag === '--peers') options.peers = true;
    else throw new Error(`unknown option ${flag} (see the top of bench/run.js)`);
  }
  return options;
}

/** The archive for these options, generated once and reused while its manifest matches. */
function ensureArchive(options) {
  const dir = options.data ?? path.join(os.tmpdir(), 'listlens-bench', `seed${options.seed}-${options.messages}`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const same = manifest.messages === options.messages && manifest.seed === options.seed && manifest.generatorVersion === generatorVersion;
    if (same) return { dir, manifest };
  }
  rmSync(dir, { recursive: true, force: true });
  progress(`generating ${options.messages} messages in ${dir}`);
  return { dir, manifest: generateArchive({ messages: options.messages, seed: options.seed, dir }) };
}

function progress(text) {
  process.stderr.write(`bench: ${text}\n`);
}

/** Runs a child to completion; its last stdout line is its JSON report, wall time measured from here. */
function runJson(command, args, env = process.env) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  }
  const line = result.stdout.trim().split('\n').at(-1);
  return { ...JSON.parse(line), processWallSeconds: wallSeconds };
}

function child(task, ...args) {
  return runJson(process.execPath, [childScript, task, ...args.filter((arg) => arg !== undefined).map(String)]);
}

/**
 * The IMAP figures: a local Dovecot holding the archive (one folder per list, written as maildir), a
 * sync of every folder into an empty store, then a re-sync with nothing new.
 */
async function imapBench(dir, work) {
  const { launchDovecot, whyDovecotMissing, archiveFiles, mailFileMessages } = await import('./lib/dovecot.js');
  const missing = whyDovecotMissing();
  if (missing) return { skipped: missing };
  const { readSource } = await import('../dist/sources/index.js');
  const server = await launchDovecot();
  try {
    progress('IMAP: writing the archive into Dovecot');
    const files = archiveFiles(dir);
    let messages = 0;
    for (const list of [...new Set(files.map((file) => path.basename(path.dirname(file))))]) {
      messages += await server.writeMaildir(list, mailFileMessages(files.filter((file) => path.basename(path.dirname(file)) === list), readSource));
    }
    const store = path.join(work, 'imap.sqlite');
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: server.certificateFile };
    const run = () => runJson(process.execPath, [childScript, 'imap', store, server.url], env);
    progress(`IMAP: sync of ${messages} messages`);
    const sync = run();
    progress('IMAP: re-sync, nothing new');
    const resync = run();
    const bodies = (await server.sessions('anonymous', 2)).map((session) => session.bodyCount);
    return { messages, sync, resync, bodyFetchesPerSession: bodies };
  } finally {
    await server.stop();
  }
}

/** The median of `times` runs, by wall time. */
function repeated(times, run) {
  const runs = Array.from({ length: times }, (_, i) => run(i));
  return runs.sort((a, b) => a.processWallSeconds - b.processWallSeconds)[Math.floor(runs.length / 2)];
}

function removeStore(file) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

function storeBytes(file) {
  return ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
}

/** The stored counts a finished import of the archive must show, checked against the generator's manifest. */
function checkStore(file, manifest) {
  const db = new Database(file, { readonly: true });
  const count = (sql) => db.prepare(sql).get().n;
  const found = {
    integrity: db.pragma('integrity_check', { simple: true }),
    messages: count('SELECT count(*) AS n FROM messages'),
    distinctMessageIds: count('SELECT count(DISTINCT message_id) AS n FROM messages'),
    copies: count('SELECT count(*) AS n FROM copies'),
    unthreaded: count('SELECT count(*) AS n FROM messages m LEFT JOIN message_threads th ON th.message = m.id WHERE th.root IS NULL'),
  };
  db.close();
  const ok =
    found.integrity === 'ok' &&
    found.messages === manifest.expected.stored &&
    found.distinctMessageIds === found.messages &&
    found.copies === manifest.expected.copies &&
    found.unthreaded === 0;
  return { ok, ...found, expected: { messages: manifest.expected.stored, copies: manifest.expected.copies } };
}

/** SIGKILLs `listlens import` three times at random points, then lets it finish; the store must be exact. */
async function killTest(dir, manifest, work, seed, importSeconds) {
  const store = path.join(work, 'killed.sqlite');
  removeStore(store);
  const random = new Random(seed * 31 + 5);
  const kills = [];
  for (let round = 0; round < 3; round++) {
    const after = (0.1 + random.next() * 0.5) * importSeconds;
    const stored = await runAndKill(['--store', store, 'import', dir], after);
    kills.push({ afterSeconds: Number(after.toFixed(2)), messagesStored: stored });
  }
  const final = spawnSync(process.execPath, [path.join(root, 'bin', 'listlens.js'), '--store', store, 'import', dir], { encoding: 'utf8' });
  const check = checkStore(store, manifest);
  removeStore(store);
  return { kills, resumedExit: final.status, ...check };
}

function runAndKill(args, afterSeconds) {
  return new Promise((resolve) => {
    const running = spawn(process.execPath, [path.join(root, 'bin', 'listlens.js'), ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => running.kill('SIGKILL'), afterSeconds * 1000);
    running.on('exit', () => {
      clearTimeout(timer);
      const file = args[1];
      try {
        const db = new Database(file, { readonly: true });
        resolve(db.prepare('SELECT count(*) AS n FROM messages').get().n);
        db.close();
      } catch {
        resolve(0);
      }
    });
  });
}

function corruptTest(dir, work) {
  const damaged = path.join(work, 'damaged');
  const damage = corruptArchive({ from: dir, to: damaged });
  const store = path.join(work, 'damaged.sqlite');
  const result = child('import', store, damaged);
  removeStore(store);
  rmSync(damaged, { recursive: true, force: true });
  const { flipped, truncated, ...damageDone } = damage;
  return { damage: damageDone, ...result, withinMemoryBound: result.maxRssMiB < memoryBoundMiB };
}

/** Imports a maildir made from the archive, then times re-importing it unchanged (the median of three). */
async function maildirRescan(dir, work, options) {
  const maildir = await makeMaildir(dir, `${dir}-maildir-${options.maildir}`, options.maildir);
  const store = path.join(work, 'maildir.sqlite');
  const first = child('import', store, maildir, options.workers);
  const rescan = repeated(3, () => child('import', store, maildir, options.workers));
  removeStore(store);
  return { files: options.maildir, firstImport: first, rescan };
}

function machine() {
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    python: (python.stdout || python.stderr).trim(),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!existsSync(path.join(root, 'dist', 'ingest', 'import.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` first');
  if (options.add > 0) return dailyMain(options);
  if (options.peers) return peersMain(options);
  const { dir, manifest } = ensureArchive(options);
  const work = mkdtempSync(path.join(os.tmpdir(), 'listlens-bench-'));
  const store = path.join(work, 'archive.sqlite');
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    archive: { messages: manifest.messages, copies: manifest.copies, files: manifest.files, bytes: manifest.bytes, seed: manifest.seed, expected: manifest.expected },
    options: { workers: options.workers ?? 'default', repeat: options.repeat },
  };
  try {
    if (options.imap) {
      results.imap = await imapBench(dir, work);
    }
    if (options.baselines && !options.imapOnly) {
      progress('python baseline (mailbox.mbox + email compat32)');
      results.python = repeated(options.repeat, () => runJson('python3', [path.join(root, 'bench', 'baseline.py'), dir]));
      progress('mailparser loop');
      results.mailparser = repeated(options.repeat, () => child('mailparser', dir));
    }
    if (!options.imapOnly) await importBench(options, dir, work, store, manifest, results);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!options.imapOnly) results.ratios = ratios(results);
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${results.date.slice(0, 19).replace(/[:T]/g, '-')}-${manifest.messages}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${table(results)}\nresults: ${path.relative(root, file)}\n`);
}

/** `--add N`: N new messages into a store of --messages, and into an empty store. */
async function dailyMain(options) {
  const { dir } = ensureArchive({ ...options, messages: options.messages + options.add });
  progress(`splitting the archive: the latest ${options.add} messages are the new mail`);
  const split = splitArchive(dir, options.add);
  const work = mkdtempSync(path.join(os.tmpdir(), 'listlens-bench-'));
  const results = { date: new Date().toISOString(), machine: machine(), options: { workers: options.workers ?? 'default', seed: options.seed } };
  try {
    const repeat = options.repeat > 1 ? options.repeat : 3;
    results.daily = dailyPath({ split, work, repeat, child, removeStore, progress, workers: options.workers });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.machine.loadAverageAfter = os.loadavg().map((load) => Number(load.toFixed(2)));
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${results.date.slice(0, 19).replace(/[:T]/g, '-')}-add-${options.add}-to-${results.daily.storeMessages}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${dailyTable(results.daily)}\nresults: ${path.relative(root, file)}\n`);
}

/** `--peers`: notmuch, mu, Python and listlens on the same maildir and mbox, interleaved rounds. */
async function peersMain(options) {
  const { dir, manifest } = ensureArchive(options);
  const work = mkdtempSync(path.join(os.tmpdir(), 'listlens-bench-'));
  const results = { date: new Date().toISOString(), machine: machine(), archive: { messages: manifest.messages, seed: manifest.seed, expected: manifest.expected } };
  try {
    results.peers = await peersBench({ root, dir, manifest, work, repeat: options.repeatGiven ? options.repeat : 5, storeBytes, progress });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.machine.loadAverageAfter = os.loadavg().map((load) => Number(load.toFixed(2)));
  writeResults(results, `peers-${manifest.messages}`);
  const load = `load average ${results.machine.loadAverage.join(', ')} before, ${results.machine.loadAverageAfter.join(', ')} after, on ${results.machine.cpus} cores`;
  process.stdout.write(`${peersTable(results.peers)}\n${load}\n`);
}

function writeResults(results, name) {
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${results.date.slice(0, 19).replace(/[:T]/g, '-')}-${name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`results: ${path.relative(root, file)}\n`);
}

function dailyTable(daily) {
  const run = (r) =>
    `${importWallSeconds(r).toFixed(2)} s wall (import ${r.importSeconds.toFixed(2)} s, threading ${r.threadSeconds.toFixed(2)} s, closing the store ${r.closeSeconds.toFixed(2)} s; ${r.importCpuSeconds.toFixed(2)} s CPU in them, ${r.cpuSeconds.toFixed(1)} s for the process; counting the store after it, ${r.countSeconds.toFixed(2)} s, left out), peak ${Math.round(r.maxRssMiB)} MiB`;
  return [
    `store of ${daily.storeMessages} messages: first import ${daily.baseImport.processWallSeconds.toFixed(1)} s (threading ${daily.baseImport.threadSeconds.toFixed(1)} s)`,
    `${daily.added} new into it:      ${run(daily.large)}`,
    `${daily.added} new into empty:   ${run(daily.empty)}`,
    `ratio large / empty: ${daily.ratio} in wall time, ${daily.cpuRatio} in CPU (target <= 1.5)`,
    `full rethread of the grown store: ${daily.fullRethread.threadSeconds.toFixed(2)} s`,
    ...reportRows(daily),
  ].join('\n');
}

/** The report run on the thread the new mail touched most, and search in the grown store. */
function reportRows({ reports, search }) {
  const cli = (run) => `${run.wallSeconds.toFixed(2)} s wall (${run.cpuSeconds.toFixed(2)} s CPU, peak ${Math.round(run.maxRssKiB / 1024)} MiB)`;
  const side = (name, report) =>
    `  ${name}: thread ${cli(report.thread)}, ${report.thread.messages} messages; coverage ${cli(report.coverage)}; analysis alone ${report.coverageInProcess.coldMs.toFixed(0)} ms first, ${report.coverageInProcess.warmMs.toFixed(0)} ms warm`;
  const searchFigure = (run) => `median ${run.medianMs.toFixed(2)} ms, p95 ${run.p95Ms.toFixed(2)} ms over ${run.runs} timings`;
  return [
    `report run on the thread that got the most new mail (${reports.touched.added} new; ${reports.touched.ref}):`,
    side('large store', reports.large),
    side('empty store', reports.empty),
    `FTS search in the grown store: words ${searchFigure(search)}; prefixes ${searchFigure(search.prefix)} (target p95 < 50 ms)`,
  ];
}

/** The import, re-import, search and coverage figures (and --kill, --corrupt). */
async function importBench(options, dir, work, store, manifest, results) {
  progress('listlens import');
  results.import = repeated(options.repeat, () => {
    removeStore(store);
    return child('import', store, dir, options.workers);
  });
  results.store = { bytes: storeBytes(store), bytesPerMessage: Math.round(storeBytes(store) / manifest.expected.stored), check: checkStore(store, manifest) };
  progress('re-import of the unchanged archive');
  results.reimport = child('import', store, dir, options.workers);
  progress('search');
  results.search = child('search', store, 5);
  progress('coverage');
  results.coverage = child('coverage', store, manifest.coverageRoot, draftFile);
  if (options.maildir > 0) {
    progress(`maildir of ${options.maildir} messages: import, then re-scan unchanged`);
    results.maildir = await maildirRescan(dir, work, options);
  }
  if (options.kill) {
    progress('SIGKILL three times and resume');
    results.kill = await killTest(dir, manifest, work, options.seed, results.import.processWallSeconds);
  }
  if (options.corrupt) {
    progress('damaged archive');
    results.corrupt = corruptTest(dir, work);
  }
}

function ratios(results) {
  const ours = results.import.processWallSeconds;
  const ratio = (other) => (other ? Number((other.processWallSeconds / ours).toFixed(2)) : null);
  return {
    importVsPython: ratio(results.python),
    importVsMailparser: ratio(results.mailparser),
    reimportShare: Number((results.reimport.processWallSeconds / ours).toFixed(3)),
  };
}

function table(results) {
  const { archive } = results;
  const mib = archive.bytes / 2 ** 20;
  const rows = [];
  const add = (what, figure, target = '') => rows.push([what, figure, target]);
  const throughput = (run) =>
    `${Math.round(archive.expected.read / run.processWallSeconds)} msg/s, ${(mib / run.processWallSeconds).toFixed(1)} MB/s (${run.processWallSeconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU)`;
  const rss = (run) => `${Math.round(run.maxRssMiB ?? run.maxRssKiB / 1024)} MiB`;
  add('archive', `${archive.messages} messages, ${archive.expected.read} in the files, ${mib.toFixed(0)} MiB in ${archive.files} files`);
  if (results.imap?.skipped) add('IMAP sync', `skipped: ${results.imap.skipped}`);
  if (results.imap?.sync) {
    const { sync, resync, messages } = results.imap;
    add('IMAP sync, every folder (local Dovecot)', `${Math.round(messages / sync.processWallSeconds)} msg/s, ${(mib / sync.processWallSeconds).toFixed(1)} MB/s (${sync.processWallSeconds.toFixed(1)} s wall, ${sync.cpuSeconds.toFixed(1)} s CPU, threading ${sync.threadSeconds.toFixed(1)} s), ${sync.messages.fetched} fetched, ${sync.import.new} new`);
    add('  peak RSS', rss(sync), `target < ${memoryBoundMiB} MiB`);
    add('IMAP re-sync, nothing new', `${resync.processWallSeconds.toFixed(2)} s wall (${resync.fetchSeconds.toFixed(2)} s in the sync), ${resync.messages.fetched} fetched, ${resync.folders.unchanged}/${resync.folders.examined} folders unchanged, body FETCHes per session ${results.imap.bodyFetchesPerSession.join(', ')}`);
  }
  if (results.import) {
    if (results.python) add('python mailbox+email', `${throughput(results.python)}, peak ${rss(results.python)}`);
    if (results.mailparser) add('mailparser loop (no store)', `${throughput(results.mailparser)}, peak ${rss(results.mailparser)}`);
    add('listlens import + threading', `${throughput(results.import)}`, results.ratios.importVsPython === null ? '' : `${results.ratios.importVsPython}x python (target >= 2x)`);
    add('  of which threading', `${results.import.threadSeconds.toFixed(1)} s`);
    add('  peak RSS', rss(results.import), `target < ${memoryBoundMiB} MiB`);
    add('  store', `${(results.store.bytes / 2 ** 20).toFixed(0)} MiB (${results.store.bytesPerMessage} bytes a message), counts ${results.store.check.ok ? 'exact' : 'WRONG'}`);
    add('re-import, unchanged', `${results.reimport.processWallSeconds.toFixed(2)} s`, `${(results.ratios.reimportShare * 100).toFixed(1)}% of import (target < 5%)`);
    const searchFigure = (run) => `median ${run.medianMs.toFixed(2)} ms, p95 ${run.p95Ms.toFixed(2)} ms over ${run.runs} timings`;
    add('FTS search', searchFigure(results.search), 'target < 50 ms');
    if (results.search.prefix) add('  prefixes (secur*, onboard*)', searchFigure(results.search.prefix), 'target p95 < 50 ms');
    if (results.search.fields) add('  d: alone, q:, all:', searchFigure(results.search.fields));
    add('coverage, 200-message thread', `${results.coverage.warmMs.toFixed(0)} ms warm, ${results.coverage.coldMs.toFixed(0)} ms first`, 'target < 1 s warm');
    if (results.maildir) {
      const { files, firstImport, rescan } = results.maildir;
      add(`maildir of ${files} files`, `import ${firstImport.processWallSeconds.toFixed(1)} s, peak ${rss(firstImport)}`);
      add('  re-scan, unchanged', `${rescan.processWallSeconds.toFixed(2)} s, ${rescan.summary.maildirFilesRead} files read`, 'target < 0.5 s');
    }
    if (results.kill) add('SIGKILL x3 then resume', results.kill.ok ? `exact: ${results.kill.messages} messages, ${results.kill.copies} copies` : `WRONG: ${JSON.stringify(results.kill)}`);
    if (results.corrupt) add('damaged archive', `${results.corrupt.summary.new} stored, ${results.corrupt.summary.failed} reported, peak ${rss(results.corrupt)}`, `target < ${memoryBoundMiB} MiB`);
  }
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map(([a, b, c]) => `${a.padEnd(widths[0])}  ${b.padEnd(widths[1])}  ${c}`.trimEnd()).join('\n');
}

await main();
