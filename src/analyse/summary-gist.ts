// natural's TF-IDF folder (it loads only tfidf.js), never the package index.
import { TfIdf } from 'natural/lib/natural/tfidf/index.js';
import { type Sentence, wordCount } from '../nlp/index.js';

/** Below this many words a sentence is a gist only when the message has nothing longer (`+1`). */
const shortSentence = 5;

/**
 * One gist per message: its most informative sentence. Each message's sentences form one document of
 * a TF-IDF model over the thread; a sentence scores the TF-IDF of its words in its message, divided by
 * the square root of its length so a long sentence does not win by length alone.
 */
export function gistsOf(messages: Sentence[][]): string[] {
  const model = new TfIdf();
  for (const sentences of messages) model.addDocument(sentences.join(' '));
  return messages.map((sentences, document) => bestSentence(model, sentences, document));
}

function bestSentence(model: TfIdf, sentences: Sentence[], document: number): string {
  const long = sentences.filter((sentence) => wordCount(sentence) >= shortSentence);
  const candidates = long.length > 0 ? long : sentences;
  let best = '';
  let bestScore = -Infinity;
  for (const sentence of candidates) {
    const score = model.tfidf(sentence, document) / Math.sqrt(Math.max(1, wordCount(sentence)));
    if (score > bestScore) [best, bestScore] = [sentence, score];
  }
  return best;
}
