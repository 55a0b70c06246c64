/**
 * Outbox rows written straight into the table (a team, a borrower, a case and its messages), for the tests of
 * sending and receipts that need a message in a given state without the flow that writes one.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import type { MessageStatus } from '../../../shared/domain/messages';
import { insertTeams } from './fixture-team';

export interface OutboxCase {
  teamId: string;
  caseId: string;
  borrowerId: string;
}

/**
 * A fixed-offset zone where it is around noon now: the team's allowed hours are open whenever the tests run, so
 * the sending rules let its messages go (tests of holding set their own hours).
 */
export function zoneAtNoon(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  // Etc/GMT zones count the other way round: Etc/GMT-9 is UTC+9.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A team (its allowed hours open now) with one borrower and one open case. */
export async function insertOutboxCase(db: DbHandle['db']): Promise<OutboxCase> {
  const teamId = randomUUID();
  const tag = teamId.slice(0, 8);
  await insertTeams(db, [{ id: teamId, name: `Outbox ${tag}`, code: `OB${tag}`, city: 'Shanghai' }]);
  await db.update(s.policySettings).set({ timeZone: zoneAtNoon() }).where(eq(s.policySettings.teamId, teamId));
  const [b] = await db
    .insert(s.borrowers)
    .values({ fullName: '王小明', idNumber: `ID-${teamId}`, phone: '13900001111', preferredLanguage: 'zh-CN' })
    .returning({ id: s.borrowers.id });
  const borrowerId = b?.id as string;
  const [c] = await db
    .insert(s.cases)
    .values({
      teamId,
      borrowerId,
      borrowerName: '王小明',
      loanRef: `L-${tag}`,
      product: 'consumer',
      principalCents: 100_000,
      overdueAmountCents: 20_000,
      daysPastDue: 30,
      bucket: 'M1',
    })
    .returning({ id: s.cases.id });
  return { teamId, caseId: c?.id as string, borrowerId };
}

/** One message of the case, in `status` (queued by default). */
export async function insertMessage(
  db: DbHandle['db'],
  oc: OutboxCase,
  opts: { status?: MessageStatus; providerId?: string; text?: string } = {},
): Promise<string> {
  const [m] = await db
    .insert(s.messages)
    .values({
      teamId: oc.teamId,
      caseId: oc.caseId,
      borrowerId: oc.borrowerId,
      kind: 'slot_agreed',
      eventKey: `test:${randomUUID()}`,
      locale: 'zh-CN',
      templateVersion: 0,
      toPhone: '13900001111',
      text: opts.text ?? '您好，我们约定的上门时间是明天 10:00–12:00。',
      status: opts.status ?? 'queued',
      notBefore: new Date(Date.now() - 60_000),
      providerId: opts.providerId ?? null,
      ...(opts.status === 'sent' ? { sentAt: new Date() } : {}),
    })
    .returning({ id: s.messages.id });
  return m?.id as string;
}

/** The message row as stored. */
export async function messageRow(db: DbHandle['db'], id: string) {
  const [m] = await db.select().from(s.messages).where(eq(s.messages.id, id));
  if (!m) throw new Error(`no message ${id}`);
  return m;
}
