/**
 * A minimal MIME reader for the embedded mail catcher's browser view and for the tests that check
 * what actually went over SMTP. It reads what nodemailer writes for our alerts — multipart/alternative
 * (possibly nested in multipart/mixed or related), quoted-printable, base64, 7bit or 8bit parts, and
 * RFC 2047 encoded words in headers — and nothing more: it is not a general mail parser, and it
 * never has to be, because it only ever sees mail Renkei itself composed.
 */

export interface ParsedMail {
  /** Decoded Subject ('' when absent). */
  subject: string;
  /** Decoded From header as written, e.g. `Renkei <alerts@renkei.example.jp>`. */
  from: string;
  /** Decoded To header as written (an address list in one string). */
  to: string;
  /** The first text/plain part that is not an attachment, line breaks as '\n'; null when none. */
  text: string | null;
  /** The first text/html part that is not an attachment, line breaks as '\n'; null when none. */
  html: string | null;
  /**
   * Top-level headers, names lower-cased, values unfolded and decoded. A repeated field (Received)
   * has its values joined with '\n'.
   */
  headers: Record<string, string>;
}

interface MimeEntity {
  headers: [name: string, value: string][];
  body: string;
}

/** Parses a raw RFC 822 message (CRLF or LF line breaks; 8bit content as already-decoded UTF-8). */
export function parseRawMail(raw: string): ParsedMail {
  const root = parseEntity(raw);
  if (!/^\s*multipart\//i.test(header(root, 'content-type') ?? '')) {
    // A single-part message: its last line break ends the message, it is not content (inside a
    // multipart, the one before a delimiter belongs to the delimiter instead).
    root.body = root.body.replace(/\r?\n$/, '');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of root.headers) {
    const decoded = decodeEncodedWords(value);
    headers[name] = name in headers ? `${headers[name]}\n${decoded}` : decoded;
  }
  const found: { text: string | null; html: string | null } = { text: null, html: null };
  collectTextParts(root, found, 0);
  return {
    subject: headers['subject'] ?? '',
    from: headers['from'] ?? '',
    to: headers['to'] ?? '',
    text: found.text,
    html: found.html,
    headers,
  };
}

/** The raw header block of a message (up to the first empty line), for showing it verbatim. */
export function rawHeaderBlock(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return end === -1 ? raw : raw.slice(0, end);
}

function parseEntity(source: string): MimeEntity {
  const separator = /\r?\n\r?\n/.exec(source);
  const headerText = separator ? source.slice(0, separator.index) : source;
  const body = separator ? source.slice(separator.index + separator[0].length) : '';
  const headers: MimeEntity['headers'] = [];
  for (const line of headerText.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      // Unfolding (RFC 5322 2.2.3): the line break goes, the whitespace stays.
      const last = headers[headers.length - 1];
      last[1] += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1)]);
  }
  for (const entry of headers) entry[1] = entry[1].trim();
  return { headers, body };
}

function header(entity: MimeEntity, name: string): string | undefined {
  return entity.headers.find(([key]) => key === name)?.[1];
}

interface HeaderValue {
  value: string;
  params: Record<string, string>;
}

/** `text/plain; charset="utf-8"` → value and parameters (names lower-cased, quotes removed). */
function parseHeaderValue(input: string): HeaderValue {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < input.length; index++) {
    const character = input[index];
    if (character === '\\' && quoted && index + 1 < input.length) {
      current += input[++index];
      continue;
    }
    if (character === '"') {
      quoted = !quoted;
      continue;
    }
    if (character === ';' && !quoted) {
      pieces.push(current);
      current = '';
      continue;
    }
    current += character;
  }
  pieces.push(current);
  const params: Record<string, string> = {};
  for (const piece of pieces.slice(1)) {
    const equals = piece.indexOf('=');
    if (equals <= 0) continue;
    params[piece.slice(0, equals).trim().toLowerCase()] = piece.slice(equals + 1).trim();
  }
  return { value: pieces[0].trim().toLowerCase(), params };
}

const MAX_DEPTH = 8;

function collectTextParts(
  entity: MimeEntity,
  found: { text: string | null; html: string | null },
  depth: number,
): void {
  const contentType = parseHeaderValue(header(entity, 'content-type') ?? 'text/plain; charset=utf-8');
  if (contentType.value.startsWith('multipart/')) {
    const boundary = contentType.params['boundary'];
    if (!boundary || depth >= MAX_DEPTH) return;
    for (const part of splitMultipart(entity.body, boundary)) {
      collectTextParts(parseEntity(part), found, depth + 1);
    }
    return;
  }
  const disposition = parseHeaderValue(header(entity, 'content-disposition') ?? 'inline').value;
  if (disposition === 'attachment') return;
  if (contentType.value === 'text/plain' && found.text === null) {
    found.text = decodeBody(entity, contentType.params['charset']);
  } else if (contentType.value === 'text/html' && found.html === null) {
    found.html = decodeBody(entity, contentType.params['charset']);
  }
}

/** The parts between the boundary delimiters; the line break before a delimiter belongs to it. */
function splitMultipart(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start: number | null = null;
  for (let match = delimiter.exec(body); match !== null; match = delimiter.exec(body)) {
    if (start !== null) parts.push(body.slice(start, match.index).replace(/^\r?\n/, ''));
    if (match[1] === '--') return parts;
    start = match.index + match[0].length;
  }
  // No closing delimiter (a truncated message): keep what there is.
  if (start !== null) parts.push(body.slice(start).replace(/^\r?\n/, ''));
  return parts;
}

function decodeBody(entity: MimeEntity, charset: string | undefined): string {
  const encoding = (header(entity, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  let text: string;
  if (encoding === 'base64') {
    text = decodeBytes(Buffer.from(entity.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'), charset);
  } else if (encoding === 'quoted-printable') {
    text = decodeBytes(decodeQuotedPrintable(entity.body), charset);
  } else {
    // 7bit, 8bit, binary: the raw string already holds the characters.
    text = entity.body;
  }
  return text.replace(/\r\n?/g, '\n');
}

function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').split('*')[0].trim() || 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // An unknown charset: UTF-8 is what we write, and a superset of ASCII.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Quoted-printable (RFC 2045 6.7) to bytes: soft line breaks removed, `=XX` decoded. */
function decodeQuotedPrintable(input: string): Buffer {
  const text = input.replace(/[ \t]+(?=\r?\n|$)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    const hex = text.slice(index + 1, index + 3);
    if (character === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
      continue;
    }
    const codePoint = text.codePointAt(index) ?? 0;
    if (codePoint < 0x80) {
      bytes.push(codePoint);
    } else {
      // Not valid in QP, but be lenient: keep the character as UTF-8.
      const encoded = String.fromCodePoint(codePoint);
      bytes.push(...Buffer.from(encoded, 'utf8'));
      index += encoded.length - 1;
    }
  }
  return Buffer.from(bytes);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047 encoded words to text. Whitespace between two adjacent encoded words is dropped, and
 * adjacent words in one charset are decoded together, because an encoder may split a multi-byte
 * character (a kanji) across two words.
 */
export function decodeEncodedWords(value: string): string {
  type Token = { kind: 'text'; text: string } | { kind: 'word'; charset: string; bytes: Buffer };
  const tokens: Token[] = [];
  let last = 0;
  for (const match of value.matchAll(ENCODED_WORD)) {
    const index = match.index ?? 0;
    const between = value.slice(last, index);
    const previous = tokens[tokens.length - 1];
    if (between !== '' && !(previous?.kind === 'word' && /^\s+$/.test(between))) {
      tokens.push({ kind: 'text', text: between });
    }
    const charset = match[1].split('*')[0].toLowerCase();
    const bytes = match[2].toUpperCase() === 'B' ? Buffer.from(match[3], 'base64') : decodeQWord(match[3]);
    const before = tokens[tokens.length - 1];
    if (before?.kind === 'word' && before.charset === charset) {
      before.bytes = Buffer.concat([before.bytes, bytes]);
    } else {
      tokens.push({ kind: 'word', charset, bytes });
    }
    last = index + match[0].length;
  }
  if (last < value.length) tokens.push({ kind: 'text', text: value.slice(last) });
  return tokens
    .map((token) => (token.kind === 'text' ? token.text : decodeBytes(token.bytes, token.charset)))
    .join('');
}

function decodeQWord(word: string): Buffer {
  return decodeQuotedPrintable(word.replace(/_/g, '=20'));
}
