/**
 * Changing a day's crews by hand (SPEC §8.2): swap partners, split a pair, merge two one-person crews, rename.
 * An edited crew becomes 'manual' so regeneration keeps it. A change that takes planned visits off a crew goes
 * through the one release path: refused with the list unless the user confirmed, then back to the tray.
 */
import { STARTED } from '../../../shared/domain/visit-lifecycle';
import { AppError } from '../../../shared/errors';
import type {
  MergeCrewsInput,
  RenameCrewInput,
  SplitCrewInput,
  SwapCrewMembersInput,
} from '../../../shared/schemas/crews';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { announceReleased, releaseAffectedVisits } from '../dispatch/dispatch.release';
import { once } from '../idempotency/idempotency.service';
import { readTeamPolicy } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import {
  countStartedVisits,
  crewNameUsed,
  deleteCrews,
  findCrewDay,
  findCrewsById,
  findCrewsOfDay,
  findTeamCode,
  insertCrew,
  lockCrewDay,
  moveMember,
  updateCrew,
} from './crew-days.repo';
import { announceCrewDay, crewNamer } from './crews.day';
import { type CrewFacts, loadCrewFacts } from './crews.service';

type Member = CrewFacts['members'][number];
interface EditableCrew {
  id: string;
  name: string;
  members: Member[];
}

/**
 * The crews, in the order asked, locked for the change: each must exist and be the caller's (NOT_FOUND
 * otherwise), all of one team-day, and — unless only renamed — with no visit started or done in the field.
 */
async function loadCrews(ctx: AuthedContext, tx: Tx, crewIds: string[], opts: { fieldCheck: boolean }) {
  if (new Set(crewIds).size !== crewIds.length) throw new AppError('CREW_SAME_CREW');
  const day = await findCrewDay(tx, crewIds[0] as string);
  if (!day) throw new AppError('NOT_FOUND', { entity: 'crew' });
  assertTeamAccess(ctx.user, day.teamId, 'crew');
  await lockCrewDay(tx, day.teamId, day.date);
  const rows = await findCrewsById(tx, crewIds);
  for (const r of rows) assertTeamAccess(ctx.user, r.teamId, 'crew');
  if (rows.length !== crewIds.length) throw new AppError('NOT_FOUND', { entity: 'crew' });
  if (rows.some((r) => r.teamId !== day.teamId || r.date !== day.date)) throw new AppError('CREW_OTHER_DAY');
  const facts = await loadCrewFacts(tx, { crewIds });
  const crews: EditableCrew[] = crewIds.map((id) => {
    const r = rows.find((x) => x.id === id) as (typeof rows)[number];
    return { id, name: r.name, members: facts.find((f) => f.id === id)?.members ?? [] };
  });
  if (opts.fieldCheck) {
    const started = await countStartedVisits(tx, crewIds, STARTED);
    const busy = crews.find((c) => (started.get(c.id) ?? 0) > 0);
    if (busy) throw new AppError('CREW_WORK_STARTED', { crew: busy.name });
  }
  return { teamId: day.teamId, date: day.date, crews };
}

interface EditOutcome {
  crews: Array<{ id: string; name: string }>;
  released: string[];
}

/**
 * Runs one edit in a transaction with its idempotency key; then announces the visits it put back in the
 * tray and the changed day to open boards.
 */
async function runEdit<I extends { idempotencyKey: string }>(
  ctx: AuthedContext,
  input: I,
  procedure: string,
  work: (tx: Tx) => Promise<EditOutcome & { teamId: string; date: string }>,
): Promise<EditOutcome> {
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure }, () => work(tx)),
  );
  await announceReleased(ctx, result.teamId, result.released);
  await announceCrewDay(ctx, result.teamId, result.date, procedure);
  return { crews: result.crews, released: result.released };
}

/** Takes the visits on the crews off them (or refuses with their list when not confirmed). */
async function release(
  ctx: AuthedContext,
  tx: Tx,
  day: { teamId: string; date: string },
  crewIds: string[],
  confirm: boolean,
  cause: Record<string, unknown>,
) {
  const { released } = await releaseAffectedVisits(
    tx,
    { teamId: day.teamId, from: day.date, to: day.date, crewIds },
    { confirm, reason: 'TRAY_CREW_CHANGED', userId: ctx.user.id, at: ctx.now(), cause },
  );
  return released.map((v) => v.visitId);
}

function audit(
  ctx: AuthedContext,
  tx: Tx,
  teamId: string,
  crewId: string,
  change: { action: string; before: unknown; after: unknown },
) {
  return appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId,
    entityType: 'crew',
    entityId: crewId,
    at: ctx.now(),
    ...change,
  });
}

const memberIds = (c: EditableCrew) => c.members.map((m) => m.agentId);

function memberOf(crew: EditableCrew, agentId: string): Member {
  const m = crew.members.find((x) => x.agentId === agentId);
  if (!m) throw new AppError('CREW_AGENT_NOT_MEMBER', { crew: crew.name });
  return m;
}

/** Exchanges one agent of a crew with one agent of another crew of the same day. */
export function swapCrewMembers(ctx: AuthedContext, input: SwapCrewMembersInput) {
  return runEdit(ctx, input, 'crews.swap', async (tx) => {
    const day = await loadCrews(ctx, tx, [input.crewId, input.otherCrewId], { fieldCheck: true });
    const [a, b] = day.crews as [EditableCrew, EditableCrew];
    const ma = memberOf(a, input.agentId);
    const mb = memberOf(b, input.otherAgentId);
    const released = await release(ctx, tx, day, [a.id, b.id], input.confirm, { crewChange: 'swap' });
    // Each takes the other's place, lead flag included, so each crew keeps one lead.
    await moveMember(tx, ma.agentId, b.id, day.date, mb.isLead);
    await moveMember(tx, mb.agentId, a.id, day.date, ma.isLead);
    for (const c of [a, b]) await updateCrew(tx, c.id, { origin: 'manual' });
    await audit(ctx, tx, day.teamId, a.id, {
      action: 'crew.swap',
      before: { [a.id]: memberIds(a), [b.id]: memberIds(b) },
      after: {
        moved: { [ma.agentId]: b.id, [mb.agentId]: a.id },
        released,
      },
    });
    return { ...day, crews: [a, b].map((c) => ({ id: c.id, name: c.name })), released };
  });
}

/** Splits a two-person crew into two one-person crews; refused where the team's two-person rule is on. */
export function splitCrew(ctx: AuthedContext, input: SplitCrewInput) {
  return runEdit(ctx, input, 'crews.split', async (tx) => {
    const day = await loadCrews(ctx, tx, [input.crewId], { fieldCheck: true });
    const crew = day.crews[0] as EditableCrew;
    if (crew.members.length < 2) throw new AppError('CREW_SPLIT_NEEDS_TWO', { crew: crew.name });
    const policy = await readTeamPolicy(tx, day.teamId, ctx.env.TZ_DEFAULT, day.date);
    if (policy.twoPersonRule) throw new AppError('CREW_SPLIT_TWO_PERSON_RULE');
    const released = await release(ctx, tx, day, [crew.id], input.confirm, { crewChange: 'split' });
    const [codeRow, ofDay] = await Promise.all([
      findTeamCode(tx, day.teamId),
      findCrewsOfDay(tx, day.teamId, day.date),
    ]);
    const leaving = crew.members.find((m) => !m.isLead) ?? (crew.members[1] as Member);
    const name = crewNamer(
      codeRow?.code ?? crew.name,
      ofDay.map((c) => c.name),
    )();
    const newId = await insertCrew(tx, { teamId: day.teamId, date: day.date, name, origin: 'manual', agentIds: [] });
    await moveMember(tx, leaving.agentId, newId, day.date, true);
    await updateCrew(tx, crew.id, { origin: 'manual' });
    await audit(ctx, tx, day.teamId, crew.id, {
      action: 'crew.split',
      before: { members: memberIds(crew) },
      after: {
        newCrew: { id: newId, name, agentIds: [leaving.agentId] },
        released,
      },
    });
    return {
      ...day,
      crews: [
        { id: crew.id, name: crew.name },
        { id: newId, name },
      ],
      released,
    };
  });
}

/** Merges two one-person crews: the other crew's agent joins the first crew and the other crew goes. */
export function mergeCrews(ctx: AuthedContext, input: MergeCrewsInput) {
  return runEdit(ctx, input, 'crews.merge', async (tx) => {
    const day = await loadCrews(ctx, tx, [input.crewId, input.otherCrewId], { fieldCheck: true });
    const [keep, gone] = day.crews as [EditableCrew, EditableCrew];
    for (const c of [keep, gone]) {
      if (c.members.length !== 1)
        throw new AppError('CREW_MERGE_NEEDS_SINGLES', { crew: c.name, count: c.members.length });
    }
    const released = await release(ctx, tx, day, [keep.id, gone.id], input.confirm, { crewChange: 'merge' });
    const history = (await findCrewsOfDay(tx, day.teamId, day.date)).find((c) => c.id === gone.id);
    if (history?.hasHistory) throw new AppError('CREW_HAS_HISTORY', { crew: gone.name });
    await moveMember(tx, (gone.members[0] as Member).agentId, keep.id, day.date, false);
    await deleteCrews(tx, [gone.id]);
    await updateCrew(tx, keep.id, { origin: 'manual' });
    await audit(ctx, tx, day.teamId, keep.id, {
      action: 'crew.merge',
      before: { [keep.id]: memberIds(keep), [gone.id]: memberIds(gone) },
      after: {
        members: [...memberIds(keep), ...memberIds(gone)],
        removedCrew: gone.id,
        released,
      },
    });
    return { ...day, crews: [{ id: keep.id, name: keep.name }], released };
  });
}

/** Renames a crew (unique per team-day); it becomes 'manual'. */
export function renameCrew(ctx: AuthedContext, input: RenameCrewInput) {
  return runEdit(ctx, input, 'crews.rename', async (tx) => {
    const day = await loadCrews(ctx, tx, [input.crewId], { fieldCheck: false });
    const crew = day.crews[0] as EditableCrew;
    if (await crewNameUsed(tx, day.teamId, day.date, input.name, crew.id)) {
      throw new AppError('CREW_NAME_TAKEN', { name: input.name }, { name: 'CREW_NAME_TAKEN' });
    }
    await updateCrew(tx, crew.id, { name: input.name, origin: 'manual' });
    await audit(ctx, tx, day.teamId, crew.id, {
      action: 'crew.rename',
      before: { name: crew.name },
      after: { name: input.name },
    });
    return { ...day, crews: [{ id: crew.id, name: input.name }], released: [] };
  });
}
