// Types for the natural submodules listlens imports directly (the package index loads storage back ends).

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export interface RegexpTokenizerOptions {
    pattern?: RegExp;
    /** false: the pattern matches the tokens themselves, not the gaps between them. */
    gaps?: boolean;
    discardEmpty?: boolean;
  }
  export class RegexpTokenizer {
    constructor(options?: RegexpTokenizerOptions);
    /** With `gaps: false`, `String.prototype.match`: null when nothing matches. */
    tokenize(text: string): string[] | null;
  }
}

declare module 'natural/lib/natural/tokenizers/sentence_tokenizer.js' {
  export default class SentenceTokenizer {
    constructor(abbreviations?: string[], trimSentences?: boolean);
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
