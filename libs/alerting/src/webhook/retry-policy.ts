import { STATUS_CODES } from 'node:http';
import { DeliveryRequestError } from './safe-http';

/**
 * What to do after one delivery attempt. `gone` is separate from `permanent` because the receiver told
 * us the endpoint no longer exists (HTTP 410): the processor may disable the endpoint, not just give up
 * on this message. `retryAfterMs` is the receiver's own request; the processor should wait at least
 * that long (the larger of it and the backoff delay) and still count the attempt.
 */
export type DeliveryVerdict =
  | { kind: 'success' }
  | { kind: 'retry'; retryAfterMs?: number; reason: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'gone'; reason: string };

/** A receiver may slow us down, not park a delivery for a day: longer Retry-After values are capped. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

type Headers = Record<string, string | string[] | undefined>;

/** Maps a receiver's HTTP status to a verdict; see the Standard Webhooks guidance on retries. */
export function classifyHttpStatus(
  status: number,
  headers: Headers,
  now: Date = new Date(),
): DeliveryVerdict {
  const reason = describeStatus(status);
  if (status >= 200 && status <= 299) return { kind: 'success' };
  if (status === 410) return { kind: 'gone', reason: `${reason}: the receiver says the endpoint is gone` };
  if (status === 429 || status === 503) {
    return withRetryAfter(reason, parseRetryAfter(headerValue(headers, 'retry-after'), now));
  }
  if (status === 408) return { kind: 'retry', reason };
  if (status >= 400 && status <= 499) return { kind: 'permanent', reason };
  if (status >= 500 && status <= 599) return { kind: 'retry', reason };
  if (status >= 300 && status <= 399) {
    const location = headerValue(headers, 'location');
    const target =
      typeof location === 'string' && location ? ` (it points to ${location.slice(0, 200)})` : '';
    return { kind: 'permanent', reason: `${reason}: redirects are not followed; use the final URL${target}` };
  }
  return { kind: 'permanent', reason: `${reason}: not a final HTTP status` };
}

/**
 * Refusals and malformed URLs need someone to edit the endpoint or WEBHOOK_ALLOWED_NETWORKS, so retrying
 * is pointless; everything else may be transient. An error this module does not know is retried: the
 * attempts are bounded, and giving up for good on a surprise would be the worse mistake.
 */
export function classifyRequestError(error: unknown): DeliveryVerdict {
  if (error instanceof DeliveryRequestError) {
    switch (error.kind) {
      case 'refused':
      case 'invalid-url':
        return { kind: 'permanent', reason: error.message };
      case 'timeout':
      case 'dns':
      case 'network':
        return { kind: 'retry', reason: `${error.kind}: ${error.message}` };
    }
  }
  return { kind: 'retry', reason: `unexpected error: ${errorMessage(error)}` };
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
const IMF_FIXDATE = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun), \\d{2} ${MONTH} \\d{4} ${TIME} gmt$`, 'i');
const RFC_850 = new RegExp(
  `^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} gmt$`,
  'i',
);
const ASCTIME = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun) ${MONTH} (?: \\d|\\d{2}) ${TIME} \\d{4}$`, 'i');

/**
 * Retry-After as a delay in milliseconds: delta-seconds or any of the three HTTP-date forms (RFC 9110
 * §10.2.3), capped at MAX_RETRY_AFTER_MS. A date in the past gives 0. Anything else is ignored
 * (undefined) rather than guessed at: Date.parse would read "1" as the year 2001.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  let when: number;
  if (IMF_FIXDATE.test(text) || RFC_850.test(text)) when = Date.parse(text);
  else if (ASCTIME.test(text))
    when = Date.parse(`${text} GMT`); // asctime carries no zone but means GMT
  else return undefined;
  if (Number.isNaN(when)) return undefined;
  return Math.min(Math.max(0, when - now.getTime()), MAX_RETRY_AFTER_MS);
}

/**
 * The wait before the next attempt: `base × 2^(attempt−1)` capped at `maxMs`, with "equal jitter"
 * (half fixed, half random) so that endpoints that failed together do not all retry in the same
 * instant, while the delay never drops to 0 and never exceeds the cap. `attempt` 1 is the wait after
 * the first failed attempt.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.max(1, Math.floor(attempt));
  const ceiling = Math.max(1, Math.min(maxMs, baseMs * 2 ** (step - 1)));
  const half = ceiling / 2;
  const jitter = Math.min(1, Math.max(0, random()));
  return Math.min(ceiling, Math.max(1, Math.round(half + jitter * half)));
}

/**
 * The shortest and longest time from the first attempt to the last, counting only the waits (not the
 * attempts themselves). With the defaults (base 4000 ms, cap 1_800_000 ms, 11 attempts, i.e. 10 waits
 * of 4 s, 8 s, … 1024 s, then 1800 s) that is 1_922_000 ms to 3_844_000 ms: a failing endpoint is
 * retried for between about 32 and 64 minutes (48 on average) before the delivery counts as failed.
 */
export function retryScheduleSummary(
  maxAttempts: number,
  baseMs: number,
  maxMs: number,
): { minTotalMs: number; maxTotalMs: number } {
  let minTotalMs = 0;
  let maxTotalMs = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt++) {
    minTotalMs += backoffDelayMs(attempt, baseMs, maxMs, () => 0);
    maxTotalMs += backoffDelayMs(attempt, baseMs, maxMs, () => 1);
  }
  return { minTotalMs, maxTotalMs };
}

// nodemailer error codes for failures of the connection rather than of this message.
const TRANSIENT_SMTP_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
// …and for problems with the message or its envelope, which another attempt would repeat.
const PERMANENT_SMTP_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'ESTREAM']);

/**
 * The same verdicts for an email attempt (a nodemailer error). The SMTP reply code decides when there
 * is one (5xx permanent, 4xx retry, RFC 5321 §4.2.1); otherwise nodemailer's `code` does.
 */
export function classifySmtpError(error: unknown): DeliveryVerdict {
  const details = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    response?: unknown;
    code?: unknown;
  };
  const code = typeof details.code === 'string' ? details.code : undefined;
  const response = typeof details.response === 'string' ? details.response.slice(0, 300) : undefined;
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const reason = [code, response ?? errorMessage(error)].filter(Boolean).join(': ');

  if (responseCode !== undefined && responseCode >= 500 && responseCode <= 599) {
    return { kind: 'permanent', reason };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode <= 499)
    return { kind: 'retry', reason };
  if (code && PERMANENT_SMTP_CODES.has(code)) return { kind: 'permanent', reason };
  if (code && TRANSIENT_SMTP_CODES.has(code)) return { kind: 'retry', reason };
  return { kind: 'retry', reason: reason || 'unexpected mail error' };
}

function withRetryAfter(reason: string, retryAfterMs: number | undefined): DeliveryVerdict {
  return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', retryAfterMs, reason };
}

function describeStatus(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `HTTP ${status} ${text}` : `HTTP ${status}`;
}

function headerValue(headers: Headers, name: string): string | string[] | undefined {
  if (name in headers) return headers[name];
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
