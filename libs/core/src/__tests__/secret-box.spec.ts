import { SecretBox } from '../crypto/secret-box';

describe('SecretBox', () => {
  it('encrypts with a fresh nonce and decrypts', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const a = box.encrypt('whsec_secret');
    expect(a).not.toContain('whsec_secret');
    expect(box.encrypt('whsec_secret')).not.toBe(a);
    expect(box.decrypt(a)).toBe('whsec_secret');
  });

  it('refuses a wrong key or tampered ciphertext', () => {
    const sealed = new SecretBox(Buffer.alloc(32, 1)).encrypt('x');
    expect(() => new SecretBox(Buffer.alloc(32, 2)).decrypt(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('y').toString('base64url');
    expect(() => new SecretBox(Buffer.alloc(32, 1)).decrypt(parts.join('.'))).toThrow();
  });
});
