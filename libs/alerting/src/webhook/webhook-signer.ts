import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signatures, so that receivers can verify our
 * deliveries with any of the existing libraries, and we can verify machine replies signed the same way.
 */

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** A type alias, not an interface, so that it can be passed where a Record of headers is expected. */
export type SignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * Thrown by verifySignature. The message says which check failed, for our logs; callers answering an
 * untrusted sender should not echo it verbatim.
 */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/**
 * The headers of one signed delivery. Every secret signs, so during a rotation a receiver that knows
 * either the old or the new secret accepts the message. `timestamp` is the send time of this attempt
 * (receivers reject stale timestamps), while `id` stays the same across retries so they can deduplicate.
 */
export function signatureHeaders(input: {
  id: string;
  timestamp: Date;
  body: string;
  secrets: string[];
}): SignatureHeaders {
  if (!input.id) throw new Error('a webhook id must not be empty');
  const secrets = [...new Set(input.secrets)];
  if (secrets.length === 0) throw new Error('at least one webhook secret is needed to sign');
  const seconds = unixSeconds(input.timestamp);
  const signatures = secrets.map(
    (secret) =>
      `${SIGNATURE_VERSION},${sign(decodeSecret(secret), input.id, seconds, input.body).toString('base64')}`,
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * Checks a message signed with one of `secrets` and returns its id and timestamp. Header names are
 * matched case-insensitively. The timestamp window (default ±5 minutes) is what limits replays; callers
 * that must not act twice also remember the returned id.
 */
export function verifySignature(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  secrets: string[],
  options: { toleranceSeconds?: number; now?: Date } = {},
): { id: string; timestamp: Date } {
  if (secrets.length === 0) throw new WebhookVerificationError('no secret to verify the signature with');
  const id = singleHeader(headers, 'webhook-id');
  const timestampText = singleHeader(headers, 'webhook-timestamp');
  const signatureText = header(headers, 'webhook-signature').join(' ');
  if (!signatureText.trim()) throw new WebhookVerificationError('missing webhook-signature header');

  if (!/^\d{1,15}$/.test(timestampText)) {
    throw new WebhookVerificationError('webhook-timestamp is not a number of seconds');
  }
  const seconds = Number(timestampText);
  const now = unixSeconds(options.now ?? new Date());
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (now - seconds > tolerance) {
    throw new WebhookVerificationError(`webhook-timestamp is too old (more than ${tolerance} s ago)`);
  }
  if (seconds - now > tolerance) {
    throw new WebhookVerificationError(`webhook-timestamp is too new (more than ${tolerance} s ahead)`);
  }

  const expected = secrets.map((secret) => sign(decodeSecret(secret), id, seconds, body));
  const offered = signatureText
    .split(' ')
    .filter(Boolean)
    .flatMap((entry) => {
      const comma = entry.indexOf(',');
      if (comma < 0 || entry.slice(0, comma) !== SIGNATURE_VERSION) return [];
      return [Buffer.from(entry.slice(comma + 1), 'base64')];
    });
  // timingSafeEqual needs equal lengths; the length of an HMAC-SHA256 is no secret.
  const matches = offered.some((candidate) =>
    expected.some((digest) => candidate.length === digest.length && timingSafeEqual(candidate, digest)),
  );
  if (!matches) throw new WebhookVerificationError('no matching signature');
  return { id, timestamp: new Date(seconds * 1000) };
}

/** The HMAC key of a `whsec_…` secret (the prefix is optional, as in the reference libraries). */
function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Buffer.from(…, 'base64') skips characters it does not know; a typo must not yield a different key.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error('a webhook secret must be whsec_ + base64');
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('a webhook secret must not be empty');
  return key;
}

function sign(key: Buffer, id: string, seconds: number, body: string): Buffer {
  return createHmac('sha256', key).update(`${id}.${seconds}.${body}`, 'utf8').digest();
}

function unixSeconds(date: Date): number {
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) throw new Error('invalid date');
  return Math.floor(milliseconds / 1000);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}

function singleHeader(headers: Record<string, string | string[] | undefined>, name: string): string {
  const values = header(headers, name);
  if (values.length === 0 || !values[0].trim()) throw new WebhookVerificationError(`missing ${name} header`);
  if (values.length > 1) throw new WebhookVerificationError(`more than one ${name} header`);
  return values[0].trim();
}
