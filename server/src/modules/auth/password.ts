import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** Allowed password length in characters. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const BCRYPT_COST = 12;

/**
 * bcrypt reads only the first 72 bytes, so a long password would silently lose its tail:
 * the password is first reduced to its SHA-256 (44 base64 characters, no NUL bytes).
 */
const prehash = (password: string) => createHash('sha256').update(password, 'utf8').digest('base64');

/** A slow, salted hash of a password (bcrypt, cost 12). */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), BCRYPT_COST);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown user, no password set) it
 * compares against a dummy hash anyway, so the answer takes as long as for a real user.
 */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('dummy password that matches nothing');
    await bcrypt.compare(prehash(password), await dummyHash);
    return false;
  }
  // A malformed stored hash (set by hand) refuses the password rather than failing the request.
  return bcrypt.compare(prehash(password), hash).catch(() => false);
}

/** Why a new password is unacceptable, or undefined when it is fine. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    return `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`;
  if (password.trim().length === 0) return 'must not be blank';
  return undefined;
}
