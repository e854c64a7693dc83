import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signatureHeaders, verifySignature, WebhookVerificationError } from '../webhook/webhook-signer';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('webhook signer', () => {
  const body = JSON.stringify({ type: 'alert.raised', data: { incident: 'ABC-1', text: '地震 — 震度5強' } });
  const id = 'msg_2Y8kq3Fh7';

  it('produces headers the standardwebhooks reference library verifies', () => {
    const secret = newSecret();
    const headers = signatureHeaders({ id, timestamp: new Date(), body, secrets: [secret] });

    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs with every secret during a rotation, so each one alone verifies', () => {
    const oldSecret = newSecret();
    const newer = newSecret();
    const headers = signatureHeaders({ id, timestamp: new Date(), body, secrets: [oldSecret, newer] });

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newer).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow('No matching signature found');
  });

  it('matches the reference signature byte for byte and uses whole seconds', () => {
    const secret = newSecret();
    const timestamp = new Date('2026-03-11T05:46:18.999Z');
    const headers = signatureHeaders({ id, timestamp, body, secrets: [secret] });

    expect(headers['webhook-timestamp']).toBe(String(Math.floor(timestamp.getTime() / 1000)));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign(id, timestamp, body));
  });

  it('refuses to sign without a secret or with a secret that is not base64', () => {
    expect(() => signatureHeaders({ id, timestamp: new Date(), body, secrets: [] })).toThrow(/at least one/);
    expect(() =>
      signatureHeaders({ id, timestamp: new Date(), body, secrets: ['whsec_not base64!'] }),
    ).toThrow(/base64/);
  });

  describe('verifySignature', () => {
    const secret = newSecret();
    const now = new Date('2026-03-11T05:46:18Z');
    const signed = (overrides: { timestamp?: Date; secrets?: string[] } = {}) =>
      signatureHeaders({
        id,
        timestamp: overrides.timestamp ?? now,
        body,
        secrets: overrides.secrets ?? [secret],
      });

    it('accepts a message signed with the secret and returns its id and timestamp', () => {
      expect(verifySignature(signed(), body, [secret], { now })).toEqual({ id, timestamp: now });
    });

    it('accepts a message signed by the reference library, with any header case', () => {
      const timestamp = new Date(now.getTime() - 60_000);
      const headers = {
        'Webhook-Id': id,
        'Webhook-Timestamp': String(timestamp.getTime() / 1000),
        'Webhook-Signature': new Webhook(secret).sign(id, timestamp, body),
      };
      expect(verifySignature(headers, body, [secret], { now }).timestamp).toEqual(timestamp);
    });

    it('accepts when any of several secrets (old and new) matches any offered signature', () => {
      const other = newSecret();
      const headers = signed({ secrets: [other] });
      headers['webhook-signature'] = `v2,bm90IHVzZWQ= ${headers['webhook-signature']}`;
      expect(verifySignature(headers, body, [secret, other], { now }).id).toBe(id);
    });

    it('rejects a signature made with another secret', () => {
      expect(() => verifySignature(signed({ secrets: [newSecret()] }), body, [secret], { now })).toThrow(
        new WebhookVerificationError('no matching signature'),
      );
    });

    it('rejects a tampered body', () => {
      const tampered = body.replace('ABC-1', 'ABC-2');
      expect(() => verifySignature(signed(), tampered, [secret], { now })).toThrow(/no matching signature/);
    });

    it('rejects a timestamp outside the tolerance, either way', () => {
      const old = signed({ timestamp: new Date(now.getTime() - 301_000) });
      const future = signed({ timestamp: new Date(now.getTime() + 301_000) });
      expect(() => verifySignature(old, body, [secret], { now })).toThrow(/too old/);
      expect(() => verifySignature(future, body, [secret], { now })).toThrow(/too new/);
      expect(verifySignature(old, body, [secret], { now, toleranceSeconds: 600 }).id).toBe(id);
    });

    it('rejects missing or malformed headers', () => {
      const headers = signed();
      const without = (name: keyof typeof headers) => {
        const copy: Record<string, string> = { ...headers };
        delete copy[name];
        return copy;
      };
      expect(() => verifySignature(without('webhook-id'), body, [secret], { now })).toThrow(
        /missing webhook-id header/,
      );
      expect(() => verifySignature(without('webhook-timestamp'), body, [secret], { now })).toThrow(
        /missing webhook-timestamp header/,
      );
      expect(() => verifySignature(without('webhook-signature'), body, [secret], { now })).toThrow(
        /missing webhook-signature header/,
      );
      expect(() =>
        verifySignature({ ...headers, 'webhook-timestamp': '12e8' }, body, [secret], { now }),
      ).toThrow(WebhookVerificationError);
      expect(() =>
        verifySignature({ ...headers, 'webhook-signature': 'v1,short' }, body, [secret], { now }),
      ).toThrow(/no matching signature/);
    });
  });
});
