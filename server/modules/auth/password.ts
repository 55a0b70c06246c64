import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against an argon2 hash; false for a malformed hash rather than throwing. */
async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password no one knows, made with the same options as real ones, made once per process.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a sign-in's password against the account's hash, or against a throwaway hash when there is no
 * account to sign in to (unknown or deactivated): every sign-in then costs one argon2 verification, so the
 * answer's timing does not tell which usernames exist. True only for an account that may sign in.
 */
export async function passwordSignsIn(
  account: { passwordHash: string; active: boolean } | null,
  password: string,
): Promise<boolean> {
  if (account?.active) return verifyPassword(account.passwordHash, password);
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}
