import { PlatformRole } from '@renkei/core/context/actor';
import { signAccessToken, verifyAccessToken } from '../auth/access-token';

const secret = Buffer.alloc(32, 7);
const claims = { sub: 'u1', org: 'o1', role: PlatformRole.RESPONDER, name: 'Responder' };

describe('access tokens', () => {
  it('verifies what it signed', () => {
    const { token } = signAccessToken(claims, secret, 60);
    expect(verifyAccessToken(token, secret)).toMatchObject(claims);
  });

  it('refuses another key, a tampered payload, an expired token and garbage', () => {
    const { token } = signAccessToken(claims, secret, 60);
    expect(verifyAccessToken(token, Buffer.alloc(32, 8))).toBeNull();
    const [head, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN', iat: 0, exp: 9e9 })).toString(
      'base64url',
    );
    expect(verifyAccessToken(`${head}.${forged}.${signature}`, secret)).toBeNull();
    const expired = signAccessToken(claims, secret, -1).token;
    expect(verifyAccessToken(expired, secret)).toBeNull();
    expect(verifyAccessToken('not.a.token', secret)).toBeNull();
  });

  it('refuses alg=none', () => {
    const head = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...claims, iat: 0, exp: 9e9 })).toString('base64url');
    expect(verifyAccessToken(`${head}.${body}.`, secret)).toBeNull();
  });
});
