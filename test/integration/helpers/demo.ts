import { eq } from 'drizzle-orm';
import { users } from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { seedDemo } from '../../../server/db/seed';
import { loadScope } from '../../../server/modules/auth/auth.repo';
import type { SessionUser } from '../../../server/trpc/context';
import { DEMO_USERS } from '../../../shared/demo';
import type { Role } from '../../../shared/domain/constants';
import { localDate } from '../../../shared/time';

/** The demo "today" the integration suite seeds around (local date in Shanghai). */
export const TODAY = localDate(new Date(), 'Asia/Shanghai');

/** Seeds the demo city and returns a session user per demo role. */
export async function seedDemoUsers(handle: DbHandle): Promise<Record<Role, Omit<SessionUser, 'sessionTokenHash'>>> {
  await seedDemo(handle.db, { today: TODAY, timeZone: 'Asia/Shanghai' });
  const out = {} as Record<Role, Omit<SessionUser, 'sessionTokenHash'>>;
  for (const role of Object.keys(DEMO_USERS) as Role[]) {
    out[role] = await sessionUserFor(handle, DEMO_USERS[role]);
  }
  return out;
}

/** The session user a sign-in as `username` would produce. */
export async function sessionUserFor(handle: DbHandle, username: string) {
  const [u] = await handle.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      locale: users.locale,
    })
    .from(users)
    .where(eq(users.username, username));
  if (!u) throw new Error(`no user ${username}`);
  return { ...u, ...(await loadScope(handle.db, u.id)) };
}
