import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineOf, detectCall, documentsOf, pollOptions } from '../../src/analyse/calls.js';
import { importPaths } from '../../src/ingest/import.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { fixturePath } from '../helpers/corpus.js';
import { callLabels } from './labels.js';

const sent = new Date('2025-09-29T08:00:00Z');

describe('deadlineOf', () => {
  it.each([
    ['Please reply by 13 October saying whether you support it.', '2025-10-13', 'by 13 October'],
    ['Please reply by October 13, 2025.', '2025-10-13', 'by October 13, 2025'],
    ['The WGLC ends on 2025-03-01.', '2025-03-01', 'ends on 2025-03-01'],
    ['Please reply by Friday 14 November whether you agree.', '2025-11-14', 'by Friday 14 November'],
    ['State your preference by two weeks from today.', '2025-10-13', 'two weeks from today'],
    ['This starts a two-week call for adoption.', '2025-10-13', 'two-week call'],
    ['The call closes on the 3rd of January.', '2026-01-03', 'closes on the 3rd of January'],
  ])('%s → %s', (text, deadline, words) => {
    expect(deadlineOf(text, sent)).toEqual({ deadline, deadlineText: words });
  });

  it('prefers a date named to a length of call, and finds none where none is set', () => {
    expect(deadlineOf('This starts a two-week call for adoption. Please reply by 10 October.', sent).deadline).toBe('2025-10-10');
    expect(deadlineOf('At the interim on 5 June we discussed three options.', sent)).toEqual({ deadline: null, deadlineText: null });
    expect(deadlineOf('Please reply by 31 February.', sent).deadline).toBeNull();
  });
});

describe('documentsOf and pollOptions', () => {
  it('names each draft once, with its revision when one mention has it', () => {
    expect(documentsOf('see https://datatracker.ietf.org/doc/draft-doe-x/ and draft-doe-x-02; also draft-ietf-y')).toEqual(['draft-doe-x-02', 'draft-ietf-y']);
  });
  it('reads the options a poll offers', () => {
    expect(pollOptions('Option A: an integer\nOption B: a UUID\nOption C: a string')).toEqual(['A', 'B', 'C']);
    expect(pollOptions('Please choose between options A, B and C.')).toEqual(['A', 'B', 'C']);
    expect(pollOptions('(1) keep it\n(2) drop it')).toEqual(['1', '2']);
  });
});

describe('detectCall on the labelled calls', () => {
  let store: Store;
  beforeAll(async () => {
    store = openStore(':memory:');
    await importPaths(store, [fixturePath('calls')]);
  });
  afterAll(async () => store.close());

  it('finds each call with its kind, documents, question, deadline, opening and closing, and no call where there is none', async () => {
    for (const [thread, label] of Object.entries(callLabels.threads)) {
      const call = detectCall(await store.threadMessages(label.root));
      if (!label.call) {
        expect(call, thread).toBeNull();
        continue;
      }
      expect(call, thread).not.toBeNull();
      expect(call!.kind, thread).toBe(label.call.kind);
      expect(call!.documents, thread).toEqual(label.call.documents);
      expect(call!.question, thread).toContain(label.call.question);
      expect(call!.deadline, thread).toBe(label.call.deadline);
      expect(call!.opened.messageId, thread).toBe(label.call.opened);
      expect(call!.closed?.messageId ?? null, thread).toBe(label.call.closed);
      if (label.call.options) expect(call!.options, thread).toEqual(label.call.options);
    }
  });

  it('keeps the last closing statement: an extended WGLC is closed by its conclusion', async () => {
    const call = detectCall(await store.threadMessages(callLabels.threads.wglc!.root));
    expect(call!.closed!.statement).toMatch(/^The chairs believe the document is ready/);
    expect(call!.closed!.date?.toISOString()).toBe('2025-03-10T09:00:00.000Z');
  });
});
