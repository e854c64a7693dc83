import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The acknowledgement link's token: one alert (so one recipient), an expiry, and an HMAC under a key
 * derived from the server secret. It proves who may open the landing page; acknowledging is a POST.
 */
export class AckTokens {
  private readonly key: Buffer;

  constructor(
    secret: Buffer,
    private readonly ttlSeconds: number,
  ) {
    this.key = createHmac('sha256', secret).update('renkei/ack-token/v1').digest();
  }

  sign(alertId: string, issuedAt: Date = new Date()): string {
    const expires = Math.floor(issuedAt.getTime() / 1000) + this.ttlSeconds;
    const body = Buffer.from(`${alertId}.${expires}`, 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The alert id, or why the token is refused. Never throws on garbage. */
  verify(token: string, now: Date = new Date()): { alertId: string } | { error: 'invalid' | 'expired' } {
    if (typeof token !== 'string' || token.length > 300) return { error: 'invalid' };
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return { error: 'invalid' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 'invalid' };
    const [alertId, expires] = Buffer.from(body, 'base64url').toString('utf8').split('.');
    if (!alertId || !/^[0-9a-f-]{36}$/.test(alertId) || !/^\d+$/.test(expires ?? ''))
      return { error: 'invalid' };
    if (Number(expires) * 1000 < now.getTime()) return { error: 'expired' };
    return { alertId };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
