import { readFileSync } from 'node:fs';
import { fixturePath } from '../helpers/corpus.js';

export interface CallMessageLabel {
  thread: string;
  lists: string[];
  from: { name: string; address: string };
  position: string;
  options?: string[];
  inherits?: string;
  isAuthor?: boolean;
  isChair?: boolean;
}

export interface CallThreadLabel {
  root: string;
  call: null | {
    kind: string;
    documents: string[];
    deadline: string;
    question: string;
    options?: string[];
    opened: string;
    closed: string | null;
  };
}

export const callLabels = JSON.parse(readFileSync(fixturePath('calls/labels.json'), 'utf8')) as {
  threads: Record<string, CallThreadLabel>;
  messages: Record<string, CallMessageLabel>;
};
