import {
  backoffDelayMs,
  classifyHttpStatus,
  classifyRequestError,
  classifySmtpError,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryScheduleSummary,
} from '../webhook/retry-policy';
import { DeliveryRequestError } from '../webhook/safe-http';

describe('webhook retry policy', () => {
  const now = new Date('2026-03-11T05:46:18Z');

  describe('classifyHttpStatus', () => {
    it.each([200, 201, 202, 204, 299])('treats %i as success', (status) => {
      expect(classifyHttpStatus(status, {}, now)).toEqual({ kind: 'success' });
    });

    it('treats 410 as gone', () => {
      expect(classifyHttpStatus(410, {}, now)).toMatchObject({ kind: 'gone' });
    });

    it('retries 429 honouring Retry-After', () => {
      expect(classifyHttpStatus(429, { 'retry-after': '120' }, now)).toEqual({
        kind: 'retry',
        retryAfterMs: 120_000,
        reason: 'HTTP 429 Too Many Requests',
      });
      expect(classifyHttpStatus(429, {}, now)).toEqual({
        kind: 'retry',
        reason: 'HTTP 429 Too Many Requests',
      });
    });

    it('retries 503 honouring Retry-After (any header case), and other 5xx without it', () => {
      expect(classifyHttpStatus(503, { 'Retry-After': '7' }, now)).toMatchObject({
        kind: 'retry',
        retryAfterMs: 7000,
      });
      const verdict = classifyHttpStatus(500, { 'retry-after': '7' }, now);
      expect(verdict).toEqual({ kind: 'retry', reason: 'HTTP 500 Internal Server Error' });
      expect(classifyHttpStatus(502, {}, now)).toMatchObject({ kind: 'retry' });
    });

    it('retries 408 and gives up on other 4xx', () => {
      expect(classifyHttpStatus(408, {}, now)).toMatchObject({ kind: 'retry' });
      for (const status of [400, 401, 403, 404, 405, 413, 422]) {
        expect(classifyHttpStatus(status, {}, now)).toMatchObject({ kind: 'permanent' });
      }
    });

    it('does not follow redirects and says so', () => {
      expect(classifyHttpStatus(301, { location: 'https://new.example/hook' }, now)).toEqual({
        kind: 'permanent',
        reason:
          'HTTP 301 Moved Permanently: redirects are not followed; use the final URL (it points to https://new.example/hook)',
      });
      expect(classifyHttpStatus(307, {}, now)).toMatchObject({ kind: 'permanent' });
    });

    it('gives up on 1xx and out-of-range statuses', () => {
      expect(classifyHttpStatus(101, {}, now)).toMatchObject({ kind: 'permanent' });
      expect(classifyHttpStatus(600, {}, now)).toMatchObject({ kind: 'permanent' });
    });
  });

  describe('parseRetryAfter', () => {
    it('reads delta-seconds', () => {
      expect(parseRetryAfter('0', now)).toBe(0);
      expect(parseRetryAfter('1', now)).toBe(1000); // not the year 2001, as Date.parse would have it
      expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
      expect(parseRetryAfter(['45', '90'], now)).toBe(45_000);
    });

    it('reads the three HTTP-date forms', () => {
      expect(parseRetryAfter('Wed, 11 Mar 2026 05:47:18 GMT', now)).toBe(60_000);
      expect(parseRetryAfter('Wednesday, 11-Mar-26 05:48:18 GMT', now)).toBe(120_000);
      expect(parseRetryAfter('Wed Mar 11 05:49:18 2026', now)).toBe(180_000);
      expect(parseRetryAfter('Sun Mar  1 05:46:18 2026', now)).toBe(0); // in the past
    });

    it('caps at one hour', () => {
      expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
      expect(parseRetryAfter('Fri, 11 Dec 2026 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    });

    it.each([undefined, '', 'soon', '-5', '1.5', '2026-03-11T06:00:00Z', 'Wed, 99 Mar 2026 05:47:18 GMT'])(
      'ignores %j',
      (value) => {
        expect(parseRetryAfter(value, now)).toBeUndefined();
      },
    );
  });

  describe('classifyRequestError', () => {
    it.each([
      ['refused', 'permanent'],
      ['invalid-url', 'permanent'],
      ['timeout', 'retry'],
      ['dns', 'retry'],
      ['network', 'retry'],
    ] as const)('treats %s as %s', (kind, verdict) => {
      expect(classifyRequestError(new DeliveryRequestError(kind, 'message', 12))).toMatchObject({
        kind: verdict,
      });
    });

    it('retries an error it does not know', () => {
      expect(classifyRequestError(new Error('boom'))).toEqual({
        kind: 'retry',
        reason: 'unexpected error: boom',
      });
    });
  });

  describe('backoffDelayMs', () => {
    it('doubles from the base with equal jitter between half and the whole step', () => {
      expect(backoffDelayMs(1, 4000, 1_800_000, () => 0)).toBe(2000);
      expect(backoffDelayMs(1, 4000, 1_800_000, () => 1)).toBe(4000);
      expect(backoffDelayMs(2, 4000, 1_800_000, () => 0)).toBe(4000);
      expect(backoffDelayMs(3, 4000, 1_800_000, () => 1)).toBe(16_000);
      expect(backoffDelayMs(3, 4000, 1_800_000, () => 0.5)).toBe(12_000);
    });

    it('never exceeds the cap and never returns 0', () => {
      for (const attempt of [10, 11, 50, 2000]) {
        expect(backoffDelayMs(attempt, 4000, 1_800_000, () => 1)).toBe(1_800_000);
        expect(backoffDelayMs(attempt, 4000, 1_800_000, () => 0)).toBe(900_000);
      }
      expect(backoffDelayMs(1, 1, 1, () => 0)).toBe(1);
      expect(backoffDelayMs(0, 4000, 1_800_000, () => 0)).toBe(2000);
      for (let index = 0; index < 200; index++) {
        const delay = backoffDelayMs(1 + (index % 15), 4000, 1_800_000);
        expect(delay).toBeGreaterThan(0);
        expect(delay).toBeLessThanOrEqual(1_800_000);
      }
    });
  });

  it('spreads the default schedule (11 attempts, 4 s base, 30 min cap) over 32 to 64 minutes', () => {
    expect(retryScheduleSummary(11, 4000, 1_800_000)).toEqual({
      minTotalMs: 1_922_000,
      maxTotalMs: 3_844_000,
    });
    expect(retryScheduleSummary(1, 4000, 1_800_000)).toEqual({ minTotalMs: 0, maxTotalMs: 0 });
  });

  describe('classifySmtpError', () => {
    it('gives up on a 5xx reply and retries a 4xx reply', () => {
      const rejected = Object.assign(new Error('Can not send mail'), {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.1.1 User unknown',
      });
      expect(classifySmtpError(rejected)).toEqual({
        kind: 'permanent',
        reason: 'EENVELOPE: 550 5.1.1 User unknown',
      });
      const greylisted = Object.assign(new Error('x'), {
        code: 'EENVELOPE',
        responseCode: 451,
        response: '451 4.7.1 Try again later',
      });
      expect(classifySmtpError(greylisted)).toMatchObject({ kind: 'retry' });
    });

    it('retries connection failures and timeouts', () => {
      for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']) {
        expect(classifySmtpError(Object.assign(new Error('down'), { code }))).toMatchObject({
          kind: 'retry',
        });
      }
    });

    it('gives up on envelope and message problems without a reply code', () => {
      expect(
        classifySmtpError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })),
      ).toEqual({
        kind: 'permanent',
        reason: 'EENVELOPE: No recipients defined',
      });
      expect(classifySmtpError(Object.assign(new Error('bad'), { code: 'EMESSAGE' }))).toMatchObject({
        kind: 'permanent',
      });
    });

    it('retries anything else', () => {
      expect(classifySmtpError(new Error('???'))).toMatchObject({ kind: 'retry' });
      expect(classifySmtpError(undefined)).toMatchObject({ kind: 'retry' });
    });
  });
});
