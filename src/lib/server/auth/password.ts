/**
 * Passwords: argon2id with Node's built-in crypto.argon2 (OWASP's minimum: 19 MiB, 2 passes, 1 lane), stored
 * as a PHC string so parameters can be raised later. Rules follow NIST 800-63B / ASVS 5: 8 to 128 characters,
 * not a common password, no composition rules.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { t } from '../../../i18n/index.ts';

const argon2Async = promisify(argon2);
const params = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 };
export const passwordMinLength = 8;
export const passwordMaxLength = 128;

// About 49,000 passwords seen most often in breaches, from zxcvbn-ts's common dictionary.
const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Why a password is not acceptable, or null when it is. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  const length = [...password].length;
  if (length < passwordMinLength) return t('auth:passwordProblem.short', { count: passwordMinLength });
  if (length > passwordMaxLength) return t('auth:passwordProblem.long', { count: passwordMaxLength });
  const lower = password.toLowerCase();
  if (common.has(lower)) return t('auth:passwordProblem.common');
  const personal = [context.email?.split('@')[0], context.name].filter((v): v is string => !!v && v.length >= 4).map((v) => v.toLowerCase());
  if (personal.some((v) => lower === v)) return t('auth:passwordProblem.personal');
  return null;
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await argon2Async('argon2id', { message: password, nonce: salt, ...params });
  return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${b64(salt)}$${b64(hash)}`;
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[5], 'base64');
  const actual = await argon2Async('argon2id', {
    message: password,
    nonce: Buffer.from(match[4], 'base64'),
    memory: Number(match[1]),
    passes: Number(match[2]),
    parallelism: Number(match[3]),
    tagLength: expected.length,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to verify against when the account does not exist, so timing does not reveal which e-mails are registered. */
let dummy: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('hex'));
  return dummy;
}
