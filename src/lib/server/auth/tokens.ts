/**
 * Random tokens and their hashes (Lucia's pattern): 120 bits from the CSPRNG, base32-encoded; only the SHA-256
 * of a secret is stored, and comparisons are constant-time.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

export function generateSecret(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), new Uint8Array(storedHash));
}

/** A token that names its row and proves possession: "<id>.<secret>". */
export function splitToken(token: string): { id: string; secret: string } | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[a-z0-9-]{8,64}$/.test(parts[0]) || !/^[a-z2-7]{24}$/.test(parts[1])) return null;
  return { id: parts[0], secret: parts[1] };
}
