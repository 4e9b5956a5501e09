import { describe, expect, it } from 'vitest';
import type { Brief } from '../../src/analyse/brief.js';
import { type Label, labelled } from '../summary/archive.js';
import { bootstrappingRoot, fixtureBrief } from './fixture-brief.js';

/** labels.json also names the lists each message is in. */
const thread = labelled('bootstrapping') as [string, Label & { lists: string[] }][];
const archiveUrl = /^https:\/\/mailarchive\.ietf\.org\/arch\/msg\/(iotops|t2trg)\/[A-Za-z0-9_-]{27}\/$/;
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('what the briefing of the bundled thread shows', async () => {
  const brief: Brief = await fixtureBrief();

  it('has the thread, its span and the opening question', () => {
    expect(brief.root).toBe(bootstrappingRoot);
    expect(brief.subject).toBe('Secure IoT Bootstrapping: A Survey');
    expect(brief.lists).toEqual(['iotops', 't2trg']);
    expect(brief.drafts).toEqual(['draft-example-t2trg-iot-bootstrapping-05']);
    expect(brief.messageCount).toBe(thread.length);
    expect(brief.firstDate?.toISOString().slice(0, 10)).toBe('2021-02-19');
    expect(brief.lastDate?.toISOString().slice(0, 10)).toBe('2021-02-28');
    expect(brief.question.author).toBe('Pekka Vähäsalo');
    expect(brief.question.url).toMatch(archiveUrl);
    expect(brief.question.text).toMatch(/^Dear IOTOPS,\n/);
  });

  it('counts as responses the messages of everyone but the chairs, who signed the opening question', () => {
    expect(brief.chairs.map((chair) => chair.name)).toEqual(['Pekka Vähäsalo', 'Jürgen Albrecht']);
    const chairs = new Set(brief.chairs.map((chair) => chair.name));
    const responses = thread.filter(([, label]) => !chairs.has(label.from.name));
    expect(brief.responseCount).toBe(responses.length);
    expect([...brief.respondents].sort()).toEqual([...new Set(responses.map(([, label]) => label.from.name))].sort());
  });

  it("shows the co-chair's summary as the chairs' statement, not as a response", () => {
    expect(brief.chairStatements.map((s) => s.author)).toContain('Jürgen Albrecht');
    expect(brief.chairStatements.some((s) => s.text.includes('An attempt at a summary'))).toBe(true);
  });

  it('lists every participant once with every message and each list copy linked', () => {
    const names = [...new Set(thread.map(([, label]) => label.from.name))];
    expect(brief.participants.map((p) => p.name).sort()).toEqual(names.sort());
    const byMessage = new Map(thread);
    const shown = brief.participants.flatMap((p) => p.messages.map((m) => ({ author: p.name, ...m })));
    expect(shown.map((m) => m.messageId).sort()).toEqual([...byMessage.keys()].sort());
    for (const message of shown) {
      const label = byMessage.get(message.messageId)!;
      expect(message.author).toBe(label.from.name);
      expect(message.copies.map((c) => c.list).sort()).toEqual([...label.lists].sort());
      for (const copy of message.copies) expect(copy.url).toMatch(archiveUrl);
    }
  });

  it('counts messages per day and list, a cross-posted message once in each list', () => {
    const { days, lists, counts } = brief.charts.messagesPerDay;
    expect(days).toEqual(['19', '20', '21', '22', '23', '24', '25', '26', '27', '28'].map((d) => `2021-02-${d}`));
    const perList = lists.map((_, l) => counts.reduce((sum, day) => sum + day[l]!, 0));
    expect(perList).toEqual(lists.map((list) => thread.filter(([, label]) => label.lists.includes(list)).length));
  });

  it('charts the respondents\' positions exactly as it lists them', () => {
    expect(brief.positions.every((p) => brief.respondents.includes(p.participant))).toBe(true);
    const { certain, uncertain, none } = brief.charts.positions;
    for (const stance of ['support', 'oppose', 'changes'] as const) {
      expect(certain[stance]).toBe(brief.positions.filter((p) => p.stance === stance && p.certain).length);
      expect(uncertain[stance]).toBe(brief.positions.filter((p) => p.stance === stance && !p.certain).length);
    }
    expect(none).toBe(brief.respondents.length - brief.positions.length);
    for (const participant of brief.participants) {
      expect(participant.position).toEqual(brief.positions.find((p) => p.participant === participant.name) ?? null);
    }
  });

  it('puts the technologies to add first, each with its raisers and a quote from one of them', () => {
    const order = ['to-add', 'to-update', 'to-drop', 'contested', 'covered', 'mentioned'];
    const ranks = brief.technologies.map((t) => order.indexOf(t.verdict));
    expect(ranks[0]).toBe(0);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(brief.technologies.filter((t) => t.verdict === 'covered').every((t) => t.covered && t.sections.length > 0)).toBe(true);
    const authors = new Set(thread.map(([, label]) => label.from.name));
    for (const technology of brief.technologies) {
      const names = technology.raisedBy.map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toContain(technology.quote.author);
      if (technology.quote.source !== 'body') continue;
      expect(flat(technology.quote.sentence).toLowerCase()).toContain(flat(technology.quote.matched).toLowerCase());
      for (const raiser of technology.raisedBy) expect(raiser.url).toMatch(archiveUrl);
      expect([...authors]).toEqual(expect.arrayContaining(names));
    }
    expect(brief.charts.technologies).toEqual(brief.technologies.map((t) => ({ name: t.name, respondents: t.raisedBy.length, covered: t.covered })));
  });
});
