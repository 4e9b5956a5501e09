import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { draftCoverage, parseDraft } from '../draft/index.js';
import type { Taxonomy } from '../nlp/index.js';
import { ratio } from './score.js';

interface VerdictLabels {
  drafts: { file: string; covered: string[]; notCovered: string[] }[];
}

/** How one method judged one labelled technology. */
export interface VerdictCheck {
  technologyId: string;
  expected: boolean;
  judged: boolean;
}

export interface VerdictScore {
  /** Of the technologies judged covered, the share that the labels say are covered. */
  precision: number;
  /** Of the technologies the labels say are covered, the share judged covered. */
  recall: number;
  /** The labelled technologies judged wrongly. */
  wrong: VerdictCheck[];
}

export interface DraftVerdictEvaluation {
  file: string;
  labelled: number;
  coverage: VerdictScore;
  /** Naive: covered when any name or alias occurs anywhere in the file, in any case. */
  baseline: VerdictScore;
}

/**
 * The covered / not-covered verdicts of `draftCoverage` against hand labels (`fixtures/eval/verdicts.json`),
 * and a naive baseline beside them. Drafts whose file is absent (the shared corpus) are left out.
 */
export function evaluateVerdicts(taxonomy: Taxonomy, labelsFile: string, root: string): DraftVerdictEvaluation[] {
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as VerdictLabels;
  return labels.drafts
    .map((entry) => ({ ...entry, file: path.resolve(root, entry.file) }))
    .filter((entry) => existsSync(entry.file))
    .map((entry) => {
      const source = readFileSync(entry.file, 'utf8');
      const expected = new Map<string, boolean>([
        ...entry.covered.map((id): [string, boolean] => [id, true]),
        ...entry.notCovered.map((id): [string, boolean] => [id, false]),
      ]);
      const ids = [...expected.keys()];
      const verdicts = draftCoverage(parseDraft(source, { fileName: path.basename(entry.file) }), taxonomy, ids);
      const judged = new Map(verdicts.map((v) => [v.technologyId, v.covered]));
      const lower = source.toLowerCase();
      const naive = (id: string) => {
        const technology = taxonomy.byId(id);
        return technology ? [technology.name, ...technology.aliases].some((n) => lower.includes(n.toLowerCase())) : false;
      };
      return {
        file: path.relative(root, entry.file),
        labelled: ids.length,
        coverage: score(ids.map((id) => ({ technologyId: id, expected: expected.get(id)!, judged: judged.get(id) ?? false }))),
        baseline: score(ids.map((id) => ({ technologyId: id, expected: expected.get(id)!, judged: naive(id) }))),
      };
    });
}

function score(checks: VerdictCheck[]): VerdictScore {
  const judgedCovered = checks.filter((c) => c.judged);
  const expectedCovered = checks.filter((c) => c.expected);
  const right = judgedCovered.filter((c) => c.expected).length;
  return {
    precision: ratio(right, judgedCovered.length),
    recall: ratio(right, expectedCovered.length),
    wrong: checks.filter((c) => c.judged !== c.expected),
  };
}
