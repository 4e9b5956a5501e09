import { words as englishStopwords } from 'natural/lib/natural/util/stopwords.js';

/**
 * Capitalised words of IETF mail that name no technology: standards bodies and their groups,
 * process words, RFC 2119 keywords, time zones, and general computing words too broad to be a
 * technology a chair would look for. Lower case; compared with a candidate word in lower case.
 */
const notTechnologies = [
  // standards bodies, IETF/IRTF groups and lists
  'ietf', 'irtf', 'iesg', 'irsg', 'iab', 'iana', 'isoc', 'ieee', '3gpp', 'gsma', 'w3c', 'oma', 'csa', 'tcg', 'etsi', 'itu',
  'iso', 'iec', 'nist', 'enisa', 'oasis', 'ansi', 'cen', 'cenelec', 'anima', 'lamps', 'emu', 'lake', 'opsawg', 'core',
  'iotops', 't2trg', '6lo', '6tisch', 'roll', 'uta', 'netmod', 'saag', 'secdispatch', 'dispatch', 'homenet', 'rtgwg',
  'opsarea', 'secarea', 'tsvwg', 'irtfopen', 'hotrfc',
  // process
  'wg', 'wgs', 'rg', 'rgs', 'bof', 'ad', 'ads', 'wglc', 'ietflc', 'ipr', 'rfc', 'rfcs', 'bcp', 'std', 'fyi', 'tbd', 'todo',
  'faq', 'nb', 'ps', 'pps', 'btw', 'imho', 'imo', 'afaik', 'afaict', 'iirc', 'fwiw', 'tl', 'dr', 'ok', 'cc', 'bcc', 'fw',
  'fwd', 're', 'aw', 'sv', 'rsvp', 'eta', 'aob', 'ack', 'nack', 'lgtm', 'ptal', 'ooo',
  // RFC 2119 keywords
  'must', 'shall', 'should', 'may', 'required', 'recommended', 'optional', 'not',
  // time and places
  'am', 'pm', 'utc', 'gmt', 'pst', 'pdt', 'cet', 'cest', 'eet', 'eest', 'jst', 'ist', 'edt', 'cst', 'cdt', 'us', 'usa', 'eu',
  'uk', 'un',
  // roles and general computing
  'ceo', 'cto', 'cso', 'ciso', 'vp', 'r&d', 'qa', 'pdf', 'url', 'urls', 'uri', 'uris', 'html', 'xml', 'json', 'api', 'apis',
  'sdk', 'ui', 'ux', 'os', 'pc', 'usb', 'it', 'iot', 'iiot', 'm2m', 'ip', 'ipv4', 'ipv6', 'tcp', 'udp', 'http', 'https',
  'dns', 'lan', 'wan', 'pan', 'cpu', 'mcu', 'ram', 'rom', 'ca', 'cas', 'pki', 'pin', 'pins', 'qr', 'oob', 'id', 'ids', 'guid',
  'uuid', 'ecc', 'rsa', 'aes', 'sha', 'hmac', 'ecdsa', 'ecdh', 'dh', 'psk', 'mitm', 'dos', 'ddos', 'ai', 'ml', 'sms', 'gps',
  'nat', 'vpn', 'lte', '5g', '4g', '3g', 'oem', 'oems', 'odm', 'sku', 'poc', 'mvp', 'sla',
];

const ignored = new Set([...notTechnologies, ...englishStopwords]);

/** Whether a word (any case) is a common word or one of the above. */
export function isNotATechnology(word: string): boolean {
  return ignored.has(word.toLowerCase());
}
