// `npm run eval`: how well listlens reads the bundled, hand-labelled archive, beside a naive baseline.
// Extraction per message, thread membership, and covered / not-covered verdicts on labelled drafts
// (the real draft -11 when ../shared is beside the checkout, and the bundled draft), and own text on
// the talon reply-parser suite (when ../shared is beside the checkout). `--cases` lists every talon case
// that listlens does not match strictly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateExtraction, evaluateReplySuite, evaluateThreads, evaluateVerdicts } from '../dist/eval/index.js';
import { loadTaxonomy } from '../dist/nlp/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const archive = path.join(root, 'fixtures', 'archive');
const labels = path.join(archive, 'labels.json');
const taxonomy = loadTaxonomy();
const pct = (x) => x.toFixed(2);
const line = (...cells) => console.log(cells.join('  '));

const extraction = await evaluateExtraction(taxonomy, archive, labels);
console.log('Technology extraction per message (own text vs naive whole-body search)\n');
line('P    R    | base P base R | message (from)');
for (const m of extraction.messages) {
  const notes = [
    ...m.extractor.wrong.map((id) => `+${id}`),
    ...m.extractor.missed.map((id) => `-${id}`),
  ].join(' ');
  line(pct(m.extractor.precision), pct(m.extractor.recall), '|', pct(m.baseline.precision), pct(m.baseline.recall), '|', `${m.messageId} (${m.from})`, notes);
}
const overall = (name, s) =>
  line(name.padEnd(10), `precision ${pct(s.precision)}`, `recall ${pct(s.recall)}`, `(${s.truePositives} right, ${s.falsePositives} wrong, ${s.falseNegatives} missed)`);
console.log('\nOverall (micro-averaged over message/technology pairs):');
overall('listlens', extraction.extractor);
overall('baseline', extraction.baseline);

console.log('\nThread membership:');
for (const t of await evaluateThreads(archive, labels)) {
  line(t.thread.padEnd(14), `precision ${pct(t.precision)}`, `recall ${pct(t.recall)}`, `(${t.correct} of ${t.expected} labelled, ${t.found} found)`);
}

console.log('\nDraft coverage verdicts ("covered"), listlens vs naive substring search of the whole file:');
const verdicts = evaluateVerdicts(taxonomy, path.join(root, 'fixtures', 'eval', 'verdicts.json'), root);
for (const v of verdicts) {
  console.log(`  ${v.file} (${v.labelled} labelled technologies)`);
  const describe = (s) => s.wrong.map((w) => `${w.technologyId}${w.judged ? ' (wrongly covered)' : ' (wrongly not covered)'}`).join(', ') || 'none wrong';
  line('   listlens', `precision ${pct(v.coverage.precision)}`, `recall ${pct(v.coverage.recall)}`, describe(v.coverage));
  line('   baseline', `precision ${pct(v.baseline.precision)}`, `recall ${pct(v.baseline.recall)}`, describe(v.baseline));
}
if (!verdicts.some((v) => v.file.includes('sbootstrapping-11'))) console.log('  (the real draft -11 is not beside the checkout: ../shared/corpus is absent)');

const talon = path.resolve(root, '../shared/corpus/reply-suites/talon');
console.log('\nOwn text on the talon reply-parser suite (strict: equal after whitespace normalisation; token P/R micro-averaged):');
if (!existsSync(path.join(talon, 'cases.json'))) {
  console.log('  (../shared/corpus/reply-suites/talon is absent: not measured)');
} else {
  const suite = await evaluateReplySuite(talon);
  line('group'.padEnd(16), 'cases', '| strict P    R    | baseline strict P    R');
  const row = (g) =>
    line(g.group.padEnd(16), String(g.listlens.cases).padStart(5), '|', pct(g.listlens.strict).padEnd(6), pct(g.listlens.precision), pct(g.listlens.recall), '|', ' '.repeat(9) + pct(g.baseline.strict).padEnd(6), pct(g.baseline.precision), pct(g.baseline.recall));
  for (const g of suite.groups) row(g);
  row(suite.overall);
  if (process.argv.includes('--cases')) {
    for (const c of suite.cases.filter((c) => !c.listlens.strict)) {
      const t = c.listlens.tokens;
      console.log(`\n--- ${c.group} ${c.id}: ${t.matched} of ${t.produced} tokens right, ${t.expected} expected`);
      console.log(`expected: ${JSON.stringify(c.expected.replace(/\s+/g, ' ').trim())}`);
      console.log(`listlens: ${JSON.stringify(c.listlens.text.replace(/\s+/g, ' ').trim())}`);
    }
  }
}
