import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturePath, repoRoot } from '../helpers/corpus.js';

/** The runnable example of docs/library.md: its first ```js block. */
export function documentedExample(): string {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'library.md'), 'utf8');
  const block = /^```js\n([\s\S]*?)^```$/m.exec(doc);
  if (!block) throw new Error('docs/library.md has no ```js example');
  return block[1]!;
}

export const exampleArchive = fixturePath('archive');
export const exampleDraft = fixturePath('drafts/draft-example-t2trg-iot-bootstrapping-05.xml');

/** What the example prints about the bundled archive and draft, the Markdown briefing's top left out. */
export const exampleFacts = [
  'imported 34 messages',
  'thread: Secure IoT Bootstrapping: A Survey (26 messages, 17 respondents)',
  'chairs: Pekka Vähäsalo, Jürgen Albrecht',
  'technologies raised: 39, to add: 9',
  'to add: Matter, EDHOC, MUD',
  '# Briefing: Secure IoT Bootstrapping: A Survey',
];
