/**
 * `npx tsx test/bench/login-timing.ts [-- --runs N]` — whether a wrong sign-in answers in the same time for a
 * username that exists, one that does not and a deactivated one: a difference tells an attacker which
 * usernames exist. Times `auth.login` through the real router on in-memory PGlite (on PostgreSQL when
 * TEST_DATABASE_URL is set), interleaving the three kinds, each call from its own address so that no rate
 * limit answers instead. Prints the medians in milliseconds; it asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { users } from '../../drizzle/schema';
import { hashPassword } from '../../server/modules/auth/password';
import { createCaller } from '../../server/trpc/root';
import { createTestDb, makeContext } from '../integration/helpers/db';

function runsArg(argv: string[]): number {
  const i = argv.indexOf('--runs');
  return i >= 0 ? Number(argv[i + 1]) : 40;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function main() {
  const runs = runsArg(process.argv.slice(2));
  const handle = await createTestDb();
  const passwordHash = await hashPassword('the-right-password');
  await handle.db.insert(users).values([
    { username: 'known.user', displayName: 'Known', passwordHash, role: 'dispatcher' },
    { username: 'retired.user', displayName: 'Retired', passwordHash, role: 'dispatcher', active: false },
  ]);

  const kinds = {
    'existing user, wrong password': 'known.user',
    'no such user': 'nobody.here',
    'deactivated user, wrong password': 'retired.user',
  } as const;
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  let call = 0;
  for (let run = -3; run < runs; run++) {
    for (const [kind, username] of Object.entries(kinds)) {
      call++;
      const ip = `10.${(call >> 16) & 255}.${(call >> 8) & 255}.${call & 255}`;
      const caller = createCaller(makeContext(handle, null, { ip }));
      const t0 = performance.now();
      const answer = await caller.auth.login({ username, password: 'a-wrong-password' }).then(
        () => 'OK',
        (e: { cause?: { code?: string } }) => e.cause?.code,
      );
      const ms = performance.now() - t0;
      if (answer !== 'INVALID_CREDENTIALS') throw new Error(`${kind}: answered ${answer}`);
      // The first rounds warm up the JIT and the database's caches.
      if (run >= 0) samples[kind]?.push(ms);
    }
  }
  console.log(`auth.login with a wrong password, ${runs} runs each on ${handle.kind} — median ms`);
  for (const [kind, xs] of Object.entries(samples)) console.log(`  ${kind.padEnd(34)} ${median(xs).toFixed(1)}`);
  await handle.close();
}

await main();
