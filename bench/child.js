/**
 * One measured step of the benchmark, run in a child process of bench/run.js so that its CPU time and
 * peak RSS are its own (worker threads included). Prints one JSON line on stdout.
 *
 *   node bench/child.js import <store> <archive dir> [workers]
 *   node bench/child.js rethread <store>   (every thread computed again, as `listlens rethread`)
 *   node bench/child.js search <store> <repeats>
 *   node bench/child.js coverage <store> <root Message-ID> <draft file>
 *   node bench/child.js mailparser <archive dir>
 *   node bench/child.js imap <store> <imaps URL>   (every list folder of the server; NODE_EXTRA_CA_CERTS to trust it)
 */
// Each task loads only what it uses, so that start-up is counted as a user of that command would see it.
const { openStore } = await import('../dist/store/index.js');

/** Words a chair would look for: single terms, two-term AND, prefixes, a rare word and one that is absent. */
const searchQueries = [
  'BRSKI', 'registrar', 'voucher pledge', 'onboard*', 'EST-coaps', 'trust anchor', 'LoRaWAN', 'manufacturer',
  'constrained node', 'OSCORE', 'certificate chain', 'Kerberos', 'deployment example', 'threat model', 'Thread',
  'provisioning server', 'secur*', 'DTLS', 'implementation report', 'zzyzx',
];

const tasks = { import: importTask, rethread: rethreadTask, search: searchTask, coverage: coverageTask, mailparser: mailparserTask, imap: imapTask };

async function importTask(storeFile, archive, workers) {
  const { importPaths } = await import('../dist/ingest/import.js');
  const store = openStore(storeFile);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const summary = await importPaths(store, [archive], workers === undefined ? {} : { workers: Number(workers) });
  const imported = performance.now();
  await store.rethread();
  const threaded = performance.now();
  const cpu = process.cpuUsage(cpuStarted);
  const counts = await store.counts();
  const counted = performance.now();
  const countSeconds = (counted - threaded) / 1000;
  const closeCpuStarted = process.cpuUsage();
  await store.close(); // copies what the write-ahead log still holds into the store
  const closeCpu = process.cpuUsage(closeCpuStarted);
  const { problems, ...totals } = summary;
  return {
    summary: totals,
    problems: problems.length,
    counts,
    countSeconds,
    importSeconds: (imported - started) / 1000,
    threadSeconds: (threaded - imported) / 1000,
    closeSeconds: (performance.now() - counted) / 1000,
    wallSeconds: (threaded - started) / 1000,
    // CPU of the import, threading and closing (every thread of the process): cpuSeconds also counts
    // start-up, opening the store and the count of the store after it.
    importCpuSeconds: (cpu.user + cpu.system + closeCpu.user + closeCpu.system) / 1e6,
  };
}

async function rethreadTask(storeFile) {
  const store = openStore(storeFile);
  const started = performance.now();
  await store.rethread({ full: true });
  const threadSeconds = (performance.now() - started) / 1000;
  const counts = await store.counts();
  await store.close();
  return { counts, threadSeconds };
}

/** `listlens fetch --all` over one connection, then threading, as the CLI does it. */
async function imapTask(storeFile, url) {
  const { fetchImapLists } = await import('../dist/ingest/index.js');
  const { ImapArchive } = await import('../dist/sources/index.js');
  const store = openStore(storeFile);
  const imap = new ImapArchive({ url });
  const started = performance.now();
  const summary = await fetchImapLists(store, { imap: [imap], lists: [], all: true });
  const fetched = performance.now();
  await imap.close();
  await store.rethread();
  const threaded = performance.now();
  const counts = await store.counts();
  await store.close();
  const { problems, ...totals } = summary.import;
  return {
    folders: summary.folders,
    messages: summary.messages,
    imap: summary.imap,
    stopped: summary.stopped,
    import: totals,
    counts,
    fetchSeconds: (fetched - started) / 1000,
    threadSeconds: (threaded - fetched) / 1000,
    wallSeconds: (threaded - started) / 1000,
  };
}

/** Searches beside the words: dates alone (`d:`), quoted text (`q:`) and everything (`all:`). */
const fieldSearches = {
  'd:2005-03': { since: new Date('2005-03-01'), until: new Date('2005-04-01') },
  'd:2005-06..2006-01': { since: new Date('2005-06-01'), until: new Date('2006-02-01') },
  'q:registrar': { quoted: ['registrar'] },
  'q:secur*': { quoted: ['secur*'] },
  'all:manufacturer': { anywhere: ['manufacturer'] },
  'all:voucher': { anywhere: ['voucher'] },
};

async function searchTask(storeFile, repeats) {
  const store = openStore(storeFile);
  await store.search({ words: ['warm'], limit: 1 });
  const searches = [
    ...searchQueries.map((query) => [query, { words: query.split(' ') }]),
    ...Object.entries(fieldSearches),
  ];
  const byQuery = Object.fromEntries(searches.map(([query]) => [query, { hits: 0, ms: [] }]));
  for (let round = 0; round < Number(repeats); round++) {
    for (const [query, search] of searches) {
      const started = performance.now();
      byQuery[query].hits = (await store.search({ ...search, limit: 20 })).length;
      byQuery[query].ms.push(performance.now() - started);
    }
  }
  await store.close();
  const queries = Object.fromEntries(
    Object.entries(byQuery).map(([query, { hits, ms }]) => [query, { hits, medianMs: Number(median(ms).toFixed(2)), p95Ms: Number(percentile(ms, 0.95).toFixed(2)) }]),
  );
  const timings = (names) => names.flatMap((query) => byQuery[query].ms);
  const summary = (latencies) => ({ runs: latencies.length, medianMs: median(latencies), p95Ms: percentile(latencies, 0.95), maxMs: Math.max(...latencies) });
  return {
    queries,
    // The words of a chair, as before; then prefixes alone, and the field searches.
    ...summary(timings(searchQueries)),
    prefix: summary(timings(searchQueries.filter((query) => query.endsWith('*')))),
    fields: summary(timings(Object.keys(fieldSearches))),
  };
}

async function coverageTask(storeFile, root, draftFile) {
  const { analyseThread } = await import('../dist/analyse/coverage.js');
  const { loadDrafts } = await import('../dist/ingest/drafts.js');
  const { loadTaxonomy } = await import('../dist/nlp/index.js');
  const store = openStore(storeFile);
  const setupStarted = performance.now();
  const taxonomy = loadTaxonomy();
  const drafts = await loadDrafts(store, [draftFile]);
  const setupMs = performance.now() - setupStarted;
  const runs = [];
  let coverage = null;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    coverage = await analyseThread(store, root, drafts, taxonomy);
    runs.push(performance.now() - started);
  }
  await store.close();
  return {
    messages: coverage.thread.messageCount,
    technologies: coverage.technologies.length,
    setupMs,
    coldMs: runs[0],
    warmMs: median(runs.slice(1)),
  };
}

/** What a Node user gets with no store: split (listlens's streaming reader) and `simpleParser` each message. */
async function mailparserTask(archive) {
  const { simpleParser } = await import('mailparser');
  const { expandSourcePaths, readSource } = await import('../dist/sources/index.js');
  const started = performance.now();
  let messages = 0;
  let failed = 0;
  for (const file of await expandSourcePaths([archive])) {
    for await (const item of readSource(file)) {
      if (item.kind !== 'message') continue;
      messages++;
      try {
        await simpleParser(item.bytes);
      } catch {
        failed++;
      }
    }
  }
  return { messages, failed, wallSeconds: (performance.now() - started) / 1000 };
}

function median(values) {
  return percentile(values, 0.5);
}

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

const [task, ...args] = process.argv.slice(2);
const result = await tasks[task](...args);
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ ...result, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssMiB: usage.maxRSS / 1024 })}\n`,
);
