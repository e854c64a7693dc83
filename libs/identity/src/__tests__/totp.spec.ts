import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp } from '../auth/totp';

// RFC 6238 Appendix B (SHA-1): the secret is the ASCII "12345678901234567890", 8 digits.
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ])('matches the RFC test vector at T=%i', (seconds, expected) => {
    expect(hotp(RFC_SECRET, Math.floor(seconds / 30), 8)).toBe(expected);
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from('hello, renkei!');
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts the current step and one either side, nothing further', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = 1_700_000_000_000;
    expect(verifyTotp(secret, totp(secret, now), now)).toBe(Math.floor(now / 30000));
    expect(verifyTotp(secret, totp(secret, now - 30_000), now)).not.toBeNull();
    expect(verifyTotp(secret, totp(secret, now + 30_000), now)).not.toBeNull();
    expect(verifyTotp(secret, totp(secret, now - 90_000), now)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('builds an otpauth URI for authenticator apps', () => {
    expect(otpauthUri('ABC', 'a@example.jp')).toBe(
      'otpauth://totp/Renkei%3Aa%40example.jp?secret=ABC&issuer=Renkei&algorithm=SHA1&digits=6&period=30',
    );
  });
});
