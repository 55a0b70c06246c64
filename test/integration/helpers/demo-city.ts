import { afterAll, beforeAll } from 'vitest';
import type { DbHandle } from '../../../server/db/client';
import { createTestDb } from './db';
import { seedDemoUsers } from './demo';

export type DemoUsers = Awaited<ReturnType<typeof seedDemoUsers>>;

/**
 * The seeded demo city for the tests of a file or describe block: a fresh database built before them and
 * closed after them. Its fields are filled in when the block starts, so read them in hooks and tests.
 */
export function setUpDemoCity() {
  const demo = {} as {
    handle: DbHandle;
    /** The session user of each demo role. */
    users: DemoUsers;
    /** The demo dispatcher's team. */
    teamId: string;
  };
  beforeAll(async () => {
    demo.handle = await createTestDb();
    demo.users = await seedDemoUsers(demo.handle);
    demo.teamId = demo.users.dispatcher.teamIds[0] as string;
  }, 120_000);
  afterAll(async () => demo.handle?.close());
  return demo;
}
