// `npm run eval`: how well listlens reads the bundled, hand-labelled archive, beside a naive baseline.
// Extraction per message, thread membership, covered / not-covered verdicts on labelled drafts (the
// real draft -11 when ../shared is beside the checkout, and the bundled draft), claim kinds per
// respondent message, chair detection, bare ambiguous names, calls and positions, and own text on the
// talon reply-parser suite (when ../shared is beside the checkout). `--cases` lists every talon case
// that listlens does not match strictly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateBareNames, evaluateCalls, evaluateChairs, evaluateClaims, evaluateExtraction, evaluateHeldOut, evaluateReplySuite, evaluateThreads, evaluateVerdicts } from '../dist/eval/index.js';
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

const claimSets = [
  [archive, path.join(archive, 'claims.json')],
  [path.join(root, 'fixtures', 'eval', 'claims'), path.join(root, 'fixtures', 'eval', 'claims', 'claims.json')],
];
console.log('\nClaim kinds per respondent message and technology (listlens vs baseline: every technology named is "add"):');
const kinds = ['add', 'update', 'drop', 'keep', 'question', 'mention'];
const totals = { ours: { labelled: 0, found: 0, right: 0 }, naive: { labelled: 0, found: 0, right: 0 } };
const perKind = Object.fromEntries(kinds.map((k) => [k, { labelled: 0, ours: { found: 0, right: 0 }, naive: { found: 0, right: 0 } }]));
for (const [dir, labelsFile] of claimSets) {
  const e = await evaluateClaims(taxonomy, dir, labelsFile, root);
  const o = e.claims.overall;
  const b = e.baseline.overall;
  console.log(`  ${e.archive} (${e.messages} labelled messages, ${o.labelled} claims)`);
  line('   listlens', `precision ${pct(o.precision)}`, `recall ${pct(o.recall)}`, `(${o.right} right of ${o.found} found, ${o.labelled} labelled)`);
  line('   baseline', `precision ${pct(b.precision)}`, `recall ${pct(b.recall)}`, `(${b.right} right of ${b.found} found)`);
  for (const w of e.claims.wrong) console.log(`     miss: ${w.messageId} ${w.technologyId}: labelled ${w.expected ?? 'none'}, found ${w.found ?? 'none'}`);
  for (const [name, score] of [['ours', e.claims], ['naive', e.baseline]]) {
    for (const key of ['labelled', 'found', 'right']) totals[name][key] += score.overall[key];
    for (const k of score.perKind) {
      if (name === 'ours') perKind[k.kind].labelled += k.labelled;
      perKind[k.kind][name].found += k.found;
      perKind[k.kind][name].right += k.right;
    }
  }
}
const share = (part, whole) => (whole === 0 ? 1 : part / whole);
console.log('  per kind, both sets (P R listlens | P R baseline, labelled):');
for (const k of kinds) {
  const c = perKind[k];
  line(`   ${k.padEnd(9)}`, pct(share(c.ours.right, c.ours.found)), pct(share(c.ours.right, c.labelled)), '|', pct(share(c.naive.right, c.naive.found)), pct(share(c.naive.right, c.labelled)), `(${c.labelled})`);
}
for (const [name, label] of [['ours', 'listlens'], ['naive', 'baseline']]) {
  const t = totals[name];
  line(`  overall ${label}`, `precision ${pct(share(t.right, t.found))}`, `recall ${pct(share(t.right, t.labelled))}`, `(${t.right} right of ${t.found} found, ${t.labelled} labelled)`);
}

console.log('\nChairs found without --chair:');
for (const [dir, labelsFile] of claimSets) {
  const c = await evaluateChairs(dir, labelsFile);
  line(`  ${path.relative(root, dir)}`, `precision ${pct(c.precision)}`, `recall ${pct(c.recall)}`, c.found.map((f) => `${f.address} (${f.why})`).join('; ') || 'none found');
}

const bare = evaluateBareNames(taxonomy, path.join(root, 'fixtures', 'eval', 'bare-names.json'));
console.log(`\nBare ambiguous names (Thread, Matter, SUIT, MUD, EST, ACE, CHIP, SIM, DICE, RATS): ${bare.right} of ${bare.cases.length} sentences right`);
for (const c of bare.cases.filter((x) => !x.right)) console.log(`  wrong: "${c.text}": found ${c.found.join(', ') || 'none'}, expected ${c.expected.join(', ') || 'none'}`);
console.log('\nPositions on calls, per message (listlens vs keyword baseline: "object" → oppose, else "support"/"+1" → support):');
const pct2 = (s) => `P ${pct(s.precision)} R ${pct(s.recall)}`;
for (const [name, dir] of [
  ['fixtures/calls (labelled calls)', path.join(root, 'fixtures', 'calls')],
  ['fixtures/archive (demo thread; no question/neutral labels)', archive],
]) {
  const calls = await evaluateCalls(dir, path.join(dir, 'labels.json'));
  console.log(`  ${name}: ${calls.messages} messages`);
  line('   listlens', pct2(calls.listlens), `(${calls.listlens.correct} right of ${calls.listlens.found} found, ${calls.listlens.labelled} labelled)`);
  line('   baseline', pct2(calls.baseline), `(${calls.baseline.correct} right of ${calls.baseline.found} found, ${calls.baseline.labelled} labelled)`);
  for (const c of calls.listlens.byClass) {
    const b = calls.baseline.byClass.find((x) => x.position === c.position);
    line(`     ${c.position.padEnd(20)}`, `${c.labelled} labelled`.padEnd(12), `listlens ${pct2(c)}`, `| baseline ${b ? pct2(b) : 'P 1.00 R 0.00'}`);
  }
  for (const w of calls.listlens.wrong) line('     wrong:', w.messageId, `labelled ${w.labelled}, read ${w.found}`);
  if (calls.options.labelled) line('   poll options found exactly:', `${calls.options.correct} of ${calls.options.labelled}`);
  if (calls.calls.length) {
    const right = (pairs) => pairs.filter(([a, b]) => a === b).length;
    line('   call kind right:', `${right(calls.calls.map((c) => c.kind))} of ${calls.calls.length}`, '| deadline right:', `${right(calls.calls.map((c) => c.deadline))} of ${calls.calls.length}`,
      '| documents right:', `${calls.calls.filter((c) => c.documents).length} of ${calls.calls.length}`, '| closing found:', `${calls.calls.filter((c) => c.closed).length} of ${calls.calls.length}`);
    for (const c of calls.calls) line('     ', c.thread.padEnd(12), `kind ${c.kind[1]} (labelled ${c.kind[0]})`, `deadline ${c.deadline[1]} (labelled ${c.deadline[0]})`);
  }
}
const heldOut = evaluateHeldOut(path.join(root, 'fixtures', 'calls', 'held-out.json'));
console.log(`  fixtures/calls/held-out.json (${heldOut.replies} replies written after the rules, never tuned on):`);
line('   listlens', pct2(heldOut.listlens), `(${heldOut.listlens.correct} right of ${heldOut.listlens.found} found, ${heldOut.listlens.labelled} labelled)`);
line('   baseline', pct2(heldOut.baseline), `(${heldOut.baseline.correct} right of ${heldOut.baseline.found} found, ${heldOut.baseline.labelled} labelled)`);
for (const w of heldOut.listlens.wrong) line('     wrong:', w.messageId, `(labelled ${w.labelled}, read ${w.found})`);

const talon = path.resolve(root, '../shared/corpus/reply-suites/talon');
console.log('\nOwn text on the talon reply-parser suite (strict: equal after whitespace normalisation, none at all where the suite compares so (talon HTML cases); token P/R micro-averaged, tokens are words: runs of letters and digits, an address as one):');
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
