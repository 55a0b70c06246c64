/**
 * The audit chain's lock is taken as the last thing before COMMIT (server/db/before-commit.ts), so a transaction
 * still at work holds no lock other writers wait for; many writers at once (several server connections, two
 * users) still leave one intact chain in id order.
 */
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, teams, visits } from '../../drizzle/schema';
import type { DbOrTx } from '../../server/db/client';
import { lockTeamBookings } from '../../server/modules/appointments/appointments.repo';
import { appendAudit } from '../../server/modules/audit/audit.service';
import { verifyAuditChain } from '../../server/modules/audit/audit-verify';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { rows } from './helpers/calls';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { gate } from './helpers/gate';
import { signedIn } from './helpers/signed-in';

describe('the audit chain under concurrent writers (PostgreSQL)', () => {
  const demo = setUpDemoCity();
  const record = (db: DbOrTx, action: string, entityId = 'x') =>
    appendAudit(db, { actorUserId: null, action, entityType: 'test', entityId, at: new Date() });
  const advisoryLocks = async () =>
    (
      await rows<{ n: number | string }>(
        demo.handle,
        sql`select count(*) as n from pg_locks where locktype = 'advisory' and database =
          (select oid from pg_database where datname = current_database())`,
      )
    ).map((r) => Number(r.n))[0];

  it('a transaction that recorded an entry and is still at work holds no lock: another writer commits first', async () => {
    const recorded = gate();
    const resume = gate();
    const slow = demo.handle.db.transaction(async (tx) => {
      await record(tx, 'open.slow');
      await tx.execute(sql`select 1`);
      recorded.open();
      await resume.opened;
    });
    await recorded.opened;
    expect(await advisoryLocks()).toBe(0);
    await demo.handle.db.transaction((tx) => record(tx, 'open.quick'));
    resume.open();
    await slow;
    const logged = await demo.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(like(auditLog.action, 'open.%'))
      .orderBy(asc(auditLog.id));
    expect(logged.map((r) => r.action)).toEqual(['open.quick', 'open.slow']);
    expect((await verifyAuditChain(demo.handle.db)).firstBroken).toBeNull();
  });

  it("40 transactions at once, each with a row lock and two entries: one chain, each transaction's entries adjacent", async () => {
    const [team] = await demo.handle.db
      .insert(teams)
      .values({ name: 'Chain race team', code: 'CRT', city: 'Shanghai' })
      .returning({ id: teams.id });
    const teamId = team?.id as string;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        demo.handle.db.transaction(async (tx) => {
          await record(tx, `race.${i}`, `${i}-1`);
          // Every transaction queues on the same row between its two entries.
          await tx
            .update(teams)
            .set({ city: `Shanghai ${i}` })
            .where(eq(teams.id, teamId));
          await record(tx, `race.${i}`, `${i}-2`);
        }),
      ),
    );
    const logged = await demo.handle.db
      .select({ id: auditLog.id, action: auditLog.action, entityId: auditLog.entityId })
      .from(auditLog)
      .where(like(auditLog.action, 'race.%'))
      .orderBy(asc(auditLog.id));
    expect(logged).toHaveLength(80);
    for (let i = 0; i < 80; i += 2) {
      const [first, second] = [logged[i], logged[i + 1]];
      expect(second?.action).toBe(first?.action);
      expect([first?.entityId.slice(-2), second?.entityId.slice(-2)]).toEqual(['-1', '-2']);
      expect(Number(second?.id)).toBe(Number(first?.id) + 1);
    }
    expect((await verifyAuditChain(demo.handle.db)).firstBroken).toBeNull();
  });

  it('two users pinning visits at once through the router: every change audited once, the chain verifies', async () => {
    const tomorrow = addDays(TODAY, 1);
    const assigned = await demo.handle.db
      .select({ id: visits.id, version: visits.version })
      .from(visits)
      .where(and(eq(visits.teamId, demo.teamId), eq(visits.visitDate, tomorrow), eq(visits.status, 'assigned')))
      .limit(20);
    expect(assigned.length).toBeGreaterThanOrEqual(10);
    const users = [
      createCaller(await signedIn(demo.handle, 'dispatcher')),
      createCaller(await signedIn(demo.handle, 'admin')),
    ];
    await Promise.all(
      assigned.map((v, i) =>
        users[i % 2]?.dispatch.setPinned({
          visitId: v.id,
          pinned: true,
          version: v.version,
          idempotencyKey: `chain-pin-${v.id}`,
        }),
      ),
    );
    const pins = await demo.handle.db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(eq(auditLog.action, 'visit.pin'));
    expect(pins.map((p) => p.entityId).sort()).toEqual(assigned.map((v) => v.id).sort());
    expect((await verifyAuditChain(demo.handle.db)).firstBroken).toBeNull();
  });

  it("a booking's team lock does not hold up another writer's entry for that team (no lock cycle through the key)", async () => {
    // A booking locks its team's row to serialise the team's slots; the entry's foreign key on team_id takes a key
    // share of that row. FOR UPDATE would make the entry wait for the booking, and a booking that then waits for the
    // chain's lock held by that writer would deadlock (40P01, resolved only after deadlock_timeout).
    const locked = gate();
    const resume = gate();
    const booking = demo.handle.db.transaction(async (tx) => {
      await lockTeamBookings(tx, demo.teamId);
      locked.open();
      await resume.opened;
    });
    await locked.opened;
    try {
      await demo.handle.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '3s'`);
        await appendAudit(tx, {
          actorUserId: null,
          teamId: demo.teamId,
          action: 'booking.neighbour',
          entityType: 'test',
          entityId: 'x',
          at: new Date(),
        });
      });
    } finally {
      resume.open();
      await booking;
    }
    const logged = await demo.handle.db
      .select({ teamId: auditLog.teamId })
      .from(auditLog)
      .where(eq(auditLog.action, 'booking.neighbour'));
    expect(logged).toEqual([{ teamId: demo.teamId }]);
  });
});
