import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/lib/server/auth/password.ts';

describe('passwordProblem', () => {
  it('refuses fewer than 8 characters and accepts 8', () => {
    expect(passwordProblem('seven77')).toMatch(/at least 8/);
    expect(passwordProblem('eight888x')).toBeNull();
  });
  it('accepts 64 and up to 128 characters, refuses more', () => {
    expect(passwordProblem('a long passphrase '.repeat(7).slice(0, 128))).toBeNull();
    expect(passwordProblem('x'.repeat(64) + 'y')).toBeNull();
    expect(passwordProblem('z'.repeat(129))).toMatch(/at most 128/);
  });
  it('refuses common passwords whatever their case', () => {
    expect(passwordProblem('password1')).toMatch(/most common/);
    expect(passwordProblem('PASSWORD1')).toMatch(/most common/);
    expect(passwordProblem('qwertyuiop')).toMatch(/most common/);
  });
  it('imposes no composition rules: a lower-case phrase is fine', () => {
    expect(passwordProblem('rivers meet the quiet sea')).toBeNull();
  });
  it('refuses the e-mail name or the person’s name as the password', () => {
    expect(passwordProblem('annalisa.k', { email: 'annalisa.k@example.org' })).toMatch(/name or e-mail/);
  });
});

describe('hashPassword and verifyPassword', () => {
  it('store an argon2id PHC string with salt and parameters, and verify only the right password', async () => {
    const hash = await hashPassword('rivers meet the quiet sea');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyPassword(hash, 'rivers meet the quiet sea')).toBe(true);
    expect(await verifyPassword(hash, 'rivers meet the quiet se')).toBe(false);
  });
  it('salts every hash differently', async () => {
    expect(await hashPassword('same words here')).not.toBe(await hashPassword('same words here'));
  });
  it('rejects a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });
});
