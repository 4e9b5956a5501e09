/**
 * MIME encoders for the generator. Messages are built as byte strings (one char per byte, written
 * with 'latin1'), so that 8-bit and deliberately invalid bytes reach the file exactly as meant.
 */

/** `text` encoded in `charset` as a byte string. */
export function encodeText(text, charset) {
  return charset === 'utf-8' ? Buffer.from(text, 'utf8').toString('latin1') : text.normalize('NFC');
}

export function isAscii(text) {
  return !/[^\x00-\x7f]/.test(text);
}

/** Quoted-printable (RFC 2045) of a byte string, lines at most 76 long. */
export function quotedPrintable(bytes) {
  const out = [];
  for (const line of bytes.split('\n')) {
    let encoded = '';
    let column = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      const last = i === line.length - 1;
      const literal = (code >= 33 && code <= 126 && code !== 61) || ((code === 32 || code === 9) && !last);
      const piece = literal ? line[i] : `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if (column + piece.length > 75) {
        encoded += '=\n';
        column = 0;
      }
      encoded += piece;
      column += piece.length;
    }
    out.push(encoded);
  }
  return out.join('\n');
}

/** Base64 of a byte string or Buffer in 76-column lines. */
export function base64(bytes) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  return buffer.toString('base64').replace(/.{76}/g, '$&\n');
}

/** An RFC 2047 encoded word for a header value that is not ASCII. */
export function headerWord(text, charset) {
  if (isAscii(text)) return text;
  const bytes = encodeText(text, charset);
  let encoded = '';
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes.charCodeAt(i);
    if (code === 32) encoded += '_';
    else if (/[A-Za-z0-9]/.test(bytes[i])) encoded += bytes[i];
    else encoded += `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?${charset}?Q?${encoded}?=`;
}

const htmlEntities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => htmlEntities[c]);
}

/** The HTML a mail client makes of own words and a quoted parent. */
export function htmlBody({ own, attribution, quoted, signature }) {
  const paragraphs = own.split('\n\n').map((p) => `<p>${escapeHtml(p).replace(/\n/g, ' ')}</p>`).join('\n');
  const quote = quoted
    ? `\n<div>${escapeHtml(attribution)}</div>\n<blockquote type="cite">${escapeHtml(quoted).replace(/\n/g, '<br>\n')}</blockquote>`
    : '';
  const sig = signature ? `\n<div class="signature">-- <br>${escapeHtml(signature)}</div>` : '';
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n<body>\n${paragraphs}${sig}${quote}\n</body></html>`;
}
