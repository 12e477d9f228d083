/**
 * Second factors: TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1, what every authenticator app speaks) and
 * single-use recovery codes. Codes are checked with @oslojs/otp (the Oslo project's small, dependency-free OTP
 * module, from the same family as our token and hash helpers); the step a code was accepted for is stored, so a
 * code that was seen (over a shoulder, in a log) cannot be used again.
 */
import { generateHOTP } from '@oslojs/otp';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Actor } from '../permissions.ts';
import { hashSecret } from './tokens.ts';

export const totpPeriodSeconds = 30;
export const totpDigits = 6;
export const recoveryCodeCount = 10;

/**
 * Roles whose accounts must have a second factor: coordinators administer everyone, mentors read every team
 * they are assigned. PORTAL_MFA_REQUIRED_ROLES overrides it (comma-separated; empty for none), which test
 * servers use so that only the tests about second factors meet the enrolment step.
 */
export function rolesRequiringSecondFactor(): string[] {
  const setting = process.env.PORTAL_MFA_REQUIRED_ROLES;
  return (setting ?? 'coordinator,mentor').split(',').map((r) => r.trim()).filter(Boolean);
}

export const mustHaveSecondFactor = (actor: Actor | null) => {
  const roles = rolesRequiringSecondFactor();
  return !!actor?.memberships.some((m) => roles.includes(m.role));
};

export function newTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The key as people type it into an app that cannot scan the QR code: base32 in groups of four. */
export const readableKey = (key: Uint8Array) => encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 ');

const currentStep = (now: number) => Math.floor(now / 1000 / totpPeriodSeconds);

/**
 * The step the code is valid for, if it is valid now (one step either side for clock drift) and later than the
 * last one accepted; otherwise undefined.
 */
export function acceptedStep(key: Uint8Array, code: string, lastStep: number, now = Date.now()): number | undefined {
  const typed = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(typed)) return undefined;
  const step = currentStep(now);
  for (const candidate of [step - 1, step, step + 1]) {
    if (candidate <= lastStep) continue;
    const expected = generateHOTP(key, BigInt(candidate), totpDigits);
    if (constantTimeEqual(new TextEncoder().encode(expected), new TextEncoder().encode(typed))) return candidate;
  }
  return undefined;
}

/** The code an authenticator app shows at `now` (tests and the seed use it; people use their app). */
export const totpAt = (key: Uint8Array, now = Date.now()) => generateHOTP(key, BigInt(currentStep(now)), totpDigits);

/** Ten codes of 16 base32 characters (80 bits each), shown once, grouped for reading: "ABCD-EFGH-IJKL-MNOP". */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const bytes = new Uint8Array(10);
    crypto.getRandomValues(bytes);
    return encodeBase32UpperCaseNoPadding(bytes).match(/.{4}/g)!.join('-');
  });
}

/** Recovery codes are compared without case, spaces or dashes, as people retype them. */
export const hashRecoveryCode = (code: string) => hashSecret(code.replace(/[\s-]+/g, '').toUpperCase());
