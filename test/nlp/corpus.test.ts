import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/index.js';
import { extractMentions, loadTaxonomy } from '../../src/nlp/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { messageBytes } from '../helpers/messages.js';

const taxonomy = loadTaxonomy();

/** The body of a plain-text draft: everything before its references section. */
function draftBody(file: string): string {
  const text = readFileSync(corpusPath(`drafts/${file}`), 'utf8');
  return text.slice(0, text.search(/^\d+\.\s+(?:Informative\s+|Normative\s+)?References\s*$/m));
}

describe.skipIf(!hasCorpus)('extraction on real IETF text', () => {
  it.each(['draft-sarikaya-t2trg-sbootstrapping-11.unpaginated.txt', 'draft-irtf-t2trg-security-setup-iot-devices-00.txt'])(
    'finds in the body of %s what it discusses, and not what it leaves out',
    (file) => {
      const ids = new Set(extractMentions(taxonomy, draftBody(file), file).map((m) => m.technologyId));
      const discussed = ['dpp', 'lwm2m', 'ocf', 'bluetooth', 'fido', 'est', 'brski', 'sztp', 'eap-noob', 'thread', 'lorawan'];
      expect(discussed.filter((id) => !ids.has(id))).toEqual([]);
      expect(['opc-ua', 'suit', 'mud', 'edhoc', 'matter', 'dice', 'rats'].filter((id) => ids.has(id))).toEqual([]);
    },
  );

  it('finds nothing in a month of an unrelated list (ANCP, 2010)', async () => {
    const found: string[] = [];
    for (const bytes of await messageBytes(corpusPath('mail/ancp-2010-03.mail'))) {
      const { message } = await parseMessage(bytes);
      found.push(...extractMentions(taxonomy, message.ownText, message.messageId).map((m) => `${m.technologyId}: ${m.matched}`));
    }
    expect(found).toEqual([]);
  });

  it.each(['draft-sarikaya-t2trg-sbootstrapping-11.xml', 'draft-irtf-t2trg-security-setup-iot-devices-00.txt'])(
    'keeps offsets and sentences that are the text itself, all through %s',
    (file) => {
      const text = readFileSync(corpusPath(`drafts/${file}`), 'utf8');
      const mentions = extractMentions(taxonomy, text, file);
      expect(mentions.length).toBeGreaterThan(100);
      for (const mention of mentions) {
        expect(text.slice(mention.start, mention.end)).toBe(mention.matched);
        expect(text).toContain(mention.sentence);
        expect(mention.sentence).toContain(mention.matched);
      }
    },
  );
});
