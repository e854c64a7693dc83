import { createHmac } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { safeEqual } from '@renkei/core/crypto/secret-box';

/** Claims of a short-lived access token (a compact HS256 JWT). */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  role: PlatformRole;
  name: string;
  /** issued only to finish a required TOTP enrolment */
  mfaEnroll?: boolean;
  iat: number;
  exp: number;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signAccessToken(
  claims: Omit<AccessTokenClaims, 'iat' | 'exp'>,
  secret: Buffer,
  ttlSeconds: number,
) {
  const now = Math.floor(Date.now() / 1000);
  const payload: AccessTokenClaims = { ...claims, iat: now, exp: now + ttlSeconds };
  const head = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  const signature = createHmac('sha256', secret).update(head).digest('base64url');
  return { token: `${head}.${signature}`, expiresAt: new Date(payload.exp * 1000) };
}

/** Returns the claims, or null for anything malformed, forged or expired. */
export function verifyAccessToken(token: string, secret: Buffer): AccessTokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (!safeEqual(expected, signature)) return null;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    if (head.alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
    if (!Object.values(PlatformRole).includes(claims.role)) return null;
    return claims;
  } catch {
    return null;
  }
}
