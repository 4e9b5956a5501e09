/**
 * Invented working-group prose: sentences built from IETF-flavoured phrases, with technology names
 * sprinkled in so that extraction and search have something to find.
 */

const openers = [
  'I think', 'As far as I can tell,', 'In our deployments', 'From the operator side,', 'To be honest,',
  'Speaking as an individual,', 'For what it is worth,', 'In my experience', 'If I read the draft correctly,',
  'As I said at the interim,', 'One concern is that', 'It seems to me that', 'We tried this and',
];
const subjects = [
  'the registrar', 'the pledge', 'the device', 'the constrained node', 'the onboarding flow', 'the manufacturer',
  'the enrollment step', 'the trust anchor', 'the voucher', 'the join proxy', 'the gateway', 'the operator',
  'the security considerations section', 'the applicability statement', 'the terminology', 'the threat model',
  'the key exchange', 'the credential', 'the certificate chain', 'the provisioning server', 'the bootstrap key',
];
const verbs = [
  'needs', 'does not need', 'should describe', 'could reuse', 'must not depend on', 'already covers',
  'conflicts with', 'would benefit from', 'is orthogonal to', 'is underspecified compared to', 'relies on',
  'can be replaced by', 'should reference', 'has little to do with', 'overlaps with',
];
const objects = [
  'an out-of-band channel', 'a manufacturer-installed identity', 'the existing registry', 'a shared secret',
  'a resource-constrained profile', 'the same message flow', 'a second round trip', 'stronger wording',
  'a clearer scope', 'an informative reference', 'the normative text', 'an implementation report',
  'operational guidance', 'a deployment example', 'a state machine', 'a clear error model',
];
const closers = [
  'Comments welcome.', 'Happy to send text.', 'Does anyone disagree?', 'Let us discuss this at the next meeting.',
  'I can take an action item.', 'Thoughts?', 'See the issue tracker for details.', 'Just my two cents.',
];
const topics = [
  'Secure IoT Bootstrapping', 'Onboarding of constrained devices', 'Terminology for device enrollment',
  'Adoption call', 'Working group last call', 'Interim meeting agenda', 'Errata report', 'Implementation status',
  'Charter discussion', 'IANA considerations', 'Hackathon results', 'Minutes of the virtual interim',
  'Key update procedure', 'Trust anchor provisioning', 'Operational considerations', 'Document shepherd write-up',
  'Milestone update', 'Security directorate review', 'Call for presentations', 'Design team report',
];
export const technologies = [
  'BRSKI', 'EST', 'EST-coaps', 'DPP', 'LwM2M', 'OCF', 'FDO', 'SZTP', 'EAP-NOOB', 'OSCORE', 'EDHOC', 'CoAP',
  'DTLS', 'TLS 1.3', 'COSE', 'CBOR', 'ACE-OAuth', 'MUD', 'SUIT', 'TEEP', 'RATS', 'TPM', 'DICE', 'Thread',
  'Zigbee', 'LoRaWAN', 'Bluetooth Mesh', 'GBA', 'AKMA', 'eSIM', 'Kerberos', 'PANA', 'SCHC', '6LoWPAN',
  'IEEE 802.1AR', 'CMP', 'ACME', 'YANG', 'NETCONF', 'MQTT', 'OPC UA', 'Matter',
];
const firstNames = [
  'Anna', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kari', 'Lena', 'Mateo',
  'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Ulla', 'Victor', 'Wen', 'Xavier', 'Yuki', 'Zoë',
  'Jürgen', 'Søren', 'Élodie', 'Łukasz', 'Ari', 'Mika', 'Rahul', 'Sofia', 'Pekka', 'Michelle', 'Hannes', 'Eliot',
];
const lastNames = [
  'Keränen', 'Müller', 'Nguyen', 'Okafor', 'Petersen', 'Rossi', 'Sato', 'Tanaka', 'Van der Berg', 'Wójcik',
  'Andersson', 'Brown', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen',
  'Kowalski', 'Lindqvist', 'Martínez', 'Novak', 'Ortiz', 'Park', 'Quinn', 'Richardson', 'Schmidt', 'Thomas',
  'Deshpande', 'Tran', 'Vähäsalo', 'Pryce', 'Ó Briain', 'Zhang', 'Alvarez', 'Becker', 'Costa', 'Dimitrov',
];
const domains = ['example.com', 'example.org', 'example.net', 'iot.example', 'lab.example.com', 'mail.example.org'];

export function topic(random) {
  const base = random.pick(topics);
  return random.chance(0.5) ? `${base}: ${random.pick(technologies)}` : `${base} (${random.pick(subjects).replace('the ', '')})`;
}

function sentence(random, mentionRate) {
  const mention = random.chance(mentionRate) ? ` ${random.pick(['such as', 'like', 'as in', 'compared with'])} ${random.pick(technologies)}` : '';
  return `${random.pick(openers)} ${random.pick(subjects)} ${random.pick(verbs)} ${random.pick(objects)}${mention}.`;
}

/** One to four paragraphs of own words, wrapped at 72 columns. */
export function ownWords(random, mentionRate) {
  const paragraphs = [];
  const count = random.int(1, 4);
  for (let p = 0; p < count; p++) {
    const sentences = [];
    for (let s = random.int(1, 5); s > 0; s--) sentences.push(sentence(random, mentionRate));
    if (p === count - 1 && random.chance(0.4)) sentences.push(random.pick(closers));
    paragraphs.push(wrap(sentences.join(' ')));
  }
  return paragraphs.join('\n\n');
}

export function wrap(text, width = 72) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** A pool of invented people; a few use two addresses, a few post through DMARC "via" rewriting. */
export function people(random, count) {
  const pool = [];
  for (let i = 0; i < count; i++) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const local = `${first}.${last}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    const domain = random.pick(domains);
    pool.push({
      name: `${first} ${last}`,
      address: `${local}${i % 7 === 0 ? i : ''}@${domain}`,
      lastFirst: random.chance(0.05),
      viaList: random.chance(0.04),
      client: random.pick(['outlook', 'gmail', 'thunderbird', 'apple', 'mutt']),
    });
  }
  return pool;
}
