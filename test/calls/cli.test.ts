import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listlens } from '../helpers/cli.js';
import { fixturePath } from '../helpers/corpus.js';

let dir: string;
let store: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'listlens-calls-'));
  store = path.join(dir, 'archive.sqlite');
  expect(listlens(['--store', store, 'import', fixturePath('calls')]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PositionJson {
  participant: string;
  position: string;
  history: { position: string; inheritedFrom: string | null }[];
  evidence: { messageId: string; text: string; url: string | null } | null;
  organisation: string | null;
  isAuthor: boolean;
  isChair: boolean;
}

describe('listlens thread on a call', () => {
  it('--format json gives the call and a position per participant, as docs/json.md says', () => {
    const result = listlens(['--store', store, 'thread', 'Adoption call for draft-doe', '--format', 'json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { schema: string; call: Record<string, unknown>; positions: PositionJson[]; tally: { counts: Record<string, number> } };
    expect(json.schema).toBe('listlens/thread@2');
    expect(json.call).toMatchObject({
      kind: 'adoption',
      documents: ['draft-doe-ctrlp-widget-discovery-02'],
      deadline: '2025-10-13',
      opened: { messageId: 'call-adopt-1@orange.com', date: '2025-09-29T08:00:00.000Z' },
      closed: { messageId: 'call-adopt-2@orange.com', date: '2025-10-15T09:00:00.000Z' },
    });
    expect(json.call.question).toMatch(/whether you support adopting this draft/);
    const frank = json.positions.find((p) => p.participant === 'Frank Zhou')!;
    expect(frank).toMatchObject({ position: 'support', organisation: 'Huawei', isAuthor: false, isChair: false });
    expect(frank.history.map((h) => h.position)).toEqual(['oppose', 'support']);
    expect(frank.evidence!.url).toMatch(/^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/ctrlp\//);
    const grace = json.positions.find((p) => p.participant === 'Grace Kim')!;
    expect(grace.history[0]!.inheritedFrom).toBe('CAB0b1ind@mail.ericsson.com');
    expect(json.positions.find((p) => p.participant === 'Erin Walsh')).toMatchObject({ position: 'conditional-support', organisation: null });
    expect(json.positions.some((p) => p.participant === 'Alice Moreau')).toBe(true);
    expect(json.tally.counts.none).toBe(1);
  });

  it('text output names the call and its tally before the positions', () => {
    const result = listlens(['--store', store, 'thread', 'Poll: encoding', '--width', '200']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Call: Poll on draft-ietf-ctrlp-widget-discovery-01, closing 24 June 2025, opened by Alice Moreau on 10 June 2025');
    expect(result.stdout).toMatch(/Tally: 5 support .*options chosen: A 2, B 4/);
  });
});
