/**
 * What the first start of an empty database writes (SPEC §8.1): the demo city (DEMO_DATA=on, the default), or
 * an empty organisation with one admin (DEMO_DATA=off). Later starts write nothing.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { teams, users } from '../../../drizzle/schema';
import { localDate } from '../../../shared/time';
import type { Env } from '../../env';
import { hashPassword } from '../../modules/auth/password';
import type { Db } from '../client';
import { demoLoginsText, seedDemo } from './index';

export type FirstStart =
  | { kind: 'existing' }
  | { kind: 'demo' }
  | { kind: 'empty'; username: string; generated: boolean };

/** True when no team and no user exist yet: nothing was ever seeded or set up. */
export async function isFreshDatabase(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ any: sql<boolean>`exists (select 1 from ${users}) or exists (select 1 from ${teams})` })
    .from(sql`(select 1) as one`);
  return !row?.any;
}

/** A password of 20 URL-safe characters (120 bits), for an admin nobody chose a password for. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * Prepares a fresh database for its first start. `print` writes to the operator's terminal (stdout), never the
 * log: it carries the demo logins, or the generated admin password, exactly once — a later start finds the
 * database no longer fresh and prints nothing.
 */
export async function firstStart(
  db: Db,
  env: Pick<Env, 'DEMO_DATA' | 'ADMIN_USERNAME' | 'ADMIN_PASSWORD' | 'TZ_DEFAULT'>,
  print: (text: string) => void,
  now = new Date(),
): Promise<FirstStart> {
  if (!(await isFreshDatabase(db))) return { kind: 'existing' };
  if (env.DEMO_DATA === 'on') {
    await seedDemo(db, { today: localDate(now, env.TZ_DEFAULT), timeZone: env.TZ_DEFAULT });
    print(`\n${demoLoginsText()}\n`);
    return { kind: 'demo' };
  }
  const generated = env.ADMIN_PASSWORD === undefined;
  const password = env.ADMIN_PASSWORD ?? generatePassword();
  await db.insert(users).values({
    username: env.ADMIN_USERNAME,
    displayName: env.ADMIN_USERNAME,
    passwordHash: await hashPassword(password),
    role: 'admin',
    // A password printed to a terminal is not the admin's own: they choose one at the first sign-in.
    mustChangePassword: generated,
  });
  print(
    generated
      ? `\nEmpty organisation. Sign in as ${env.ADMIN_USERNAME} with the password ${password}\n(shown only this once; you will choose your own at the first sign-in).\n`
      : `\nEmpty organisation. Sign in as ${env.ADMIN_USERNAME} with the password from ADMIN_PASSWORD.\n`,
  );
  return { kind: 'empty', username: env.ADMIN_USERNAME, generated };
}
