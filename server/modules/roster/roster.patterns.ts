/**
 * Weekly roster patterns (SPEC §8.2): create, change and end an agent's pattern. Each change regenerates the
 * agent's shifts on the dates it touches (roster.generate.ts) in the same transaction.
 */
import { AppError } from '../../../shared/errors';
import { periodsOverlap } from '../../../shared/rules/roster';
import type { CreatePatternInput, EndPatternInput, UpdatePatternInput } from '../../../shared/schemas/roster';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { lockActiveAgent, rosterChange, teamZone } from './roster.change';
import { type RegenResult, regenerateShifts } from './roster.generate';
import {
  findBases,
  findPattern,
  findPatterns,
  insertPattern,
  type PatternRow,
  type PatternValues,
  type RosterAgent,
  updatePattern as writePattern,
} from './roster.repo';

/** The last date of an open-ended period, for ranges. */
const OPEN_END = '2099-12-31';

/** A start or end base must be one of the agent's team (ROSTER_BASE_OTHER_TEAM on its field). */
async function checkBases(tx: Tx, agent: RosterAgent, values: Pick<PatternValues, 'startBaseId' | 'endBaseId'>) {
  const named = [
    ['startBaseId', values.startBaseId],
    ['endBaseId', values.endBaseId],
  ] as const;
  const ids = named.flatMap(([, id]) => (id ? [id] : []));
  const found = new Map((await findBases(tx, { ids })).map((b) => [b.id, b]));
  for (const [field, id] of named) {
    if (!id) continue;
    const base = found.get(id);
    if (!base) throw new AppError('NOT_FOUND', { entity: 'base' }, { [field]: 'NOT_FOUND' });
    if (base.teamId !== agent.teamId)
      throw new AppError('ROSTER_BASE_OTHER_TEAM', {}, { [field]: 'ROSTER_BASE_OTHER_TEAM' });
  }
}

/**
 * "Overlapping shifts": two patterns of one agent may not share a weekday in overlapping validity, because one
 * date has one shift. The agent's row is locked, so two editors cannot both add overlapping patterns.
 */
async function checkNoOverlap(tx: Tx, agent: RosterAgent, values: PatternValues, exceptId: string | null) {
  const others = await findPatterns(tx, { agentIds: [agent.id], from: values.validFrom, to: values.validTo });
  const clash = others.find(
    (p) => p.id !== exceptId && periodsOverlap(p, values) && p.weekdays.some((d) => values.weekdays.includes(d)),
  );
  if (clash) {
    throw new AppError(
      'ROSTER_PATTERNS_OVERLAP',
      { agent: agent.fullName, from: clash.validFrom, patternId: clash.id },
      { weekdays: 'ROSTER_PATTERNS_OVERLAP' },
    );
  }
}

function valuesOf(input: Omit<CreatePatternInput, 'agentId'>, agentId: string): PatternValues {
  return {
    agentId,
    weekdays: [...input.weekdays].sort(),
    starts: input.starts,
    ends: input.ends,
    breakStarts: input.breakStarts ?? null,
    breakEnds: input.breakEnds ?? null,
    breakMinutes: input.breakStarts ? input.breakMinutes : 0,
    startBaseId: input.startBaseId ?? null,
    endBaseId: input.endBaseId ?? null,
    validFrom: input.validFrom,
    validTo: input.validTo ?? null,
  };
}

/** Regenerates the agent's shifts over the union of the periods before and after a change. */
async function regenerate(
  ctx: AuthedContext,
  tx: Tx,
  agent: RosterAgent,
  periods: Array<{ validFrom: string; validTo: string | null }>,
  change: { confirm: boolean; cause: Record<string, unknown> },
) {
  const from = periods.map((p) => p.validFrom).sort()[0] as string;
  const to = periods
    .map((p) => p.validTo ?? OPEN_END)
    .sort()
    .at(-1) as string;
  return regenerateShifts(
    tx,
    { teamId: agent.teamId, timeZone: await teamZone(ctx, tx, agent.teamId), agentIds: [agent.id], from, to },
    { confirm: change.confirm, reason: 'TRAY_SHIFT_CHANGED', userId: ctx.user.id, at: ctx.now(), cause: change.cause },
  );
}

/** The pattern and its agent (locked, active), or NOT_FOUND; the version the editor saw must still be current. */
async function loadForChange(ctx: AuthedContext, tx: Tx, id: string, version: number) {
  const seen = await findPattern(tx, id);
  if (!seen) throw new AppError('NOT_FOUND', { entity: 'roster pattern' });
  const agent = await lockActiveAgent(ctx, tx, seen.agentId);
  // Read again under the agent's lock: a change that committed while we waited shows here.
  const before = (await findPattern(tx, id)) as PatternRow | null;
  if (!before) throw new AppError('NOT_FOUND', { entity: 'roster pattern' });
  if (before.version !== version) throw new AppError('ROSTER_PATTERN_CHANGED', { patternId: id });
  return { agent, before };
}

/** What a pattern change answers: the pattern as stored now (with its new version) and what happened to shifts. */
async function answer(tx: Tx, agent: RosterAgent, patternId: string, regen: RegenResult) {
  const pattern = (await findPattern(tx, patternId)) as PatternRow;
  return {
    teamId: agent.teamId,
    out: { pattern, shifts: { inserted: regen.inserted, updated: regen.updated, removed: regen.removed } },
    releasedVisitIds: regen.released.map((v) => v.visitId),
  };
}

/** Adds a weekly pattern for an agent and generates its shifts. */
export function createPattern(ctx: AuthedContext, input: CreatePatternInput) {
  return rosterChange(ctx, input, 'roster.createPattern', async (tx) => {
    const agent = await lockActiveAgent(ctx, tx, input.agentId);
    const values = valuesOf(input, agent.id);
    await checkBases(tx, agent, values);
    await checkNoOverlap(tx, agent, values, null);
    const id = await insertPattern(tx, { ...values, createdBy: ctx.user.id });
    const regen = await regenerate(ctx, tx, agent, [values], {
      confirm: input.confirm,
      cause: { patternId: id, change: 'roster.createPattern' },
    });
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: agent.teamId,
      action: 'roster.pattern.create',
      entityType: 'roster_pattern',
      entityId: id,
      after: values,
      at: ctx.now(),
    });
    return answer(tx, agent, id, regen);
  });
}

/** Changes a pattern as a whole (the version the editor saw must still be current) and regenerates its shifts. */
export function updatePattern(ctx: AuthedContext, input: UpdatePatternInput) {
  return rosterChange(ctx, input, 'roster.updatePattern', async (tx) => {
    const { agent, before } = await loadForChange(ctx, tx, input.id, input.version);
    const values = valuesOf(input, agent.id);
    await checkBases(tx, agent, values);
    await checkNoOverlap(tx, agent, values, before.id);
    if (!(await writePattern(tx, before.id, before.version, values))) {
      throw new AppError('ROSTER_PATTERN_CHANGED', { patternId: before.id });
    }
    const regen = await regenerate(ctx, tx, agent, [before, values], {
      confirm: input.confirm,
      cause: { patternId: before.id, change: 'roster.updatePattern' },
    });
    const { version: _v, ...old } = before;
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: agent.teamId,
      action: 'roster.pattern.update',
      entityType: 'roster_pattern',
      entityId: before.id,
      before: old,
      after: values,
      at: ctx.now(),
    });
    return answer(tx, agent, before.id, regen);
  });
}

/** Ends a pattern after `validTo` (its last working date) and removes the shifts it made after that. */
export function endPattern(ctx: AuthedContext, input: EndPatternInput) {
  return rosterChange(ctx, input, 'roster.endPattern', async (tx) => {
    const { agent, before } = await loadForChange(ctx, tx, input.id, input.version);
    if (input.validTo < before.validFrom) {
      throw new AppError('PERIOD_REVERSED', {}, { validTo: 'PERIOD_REVERSED' });
    }
    if (!(await writePattern(tx, before.id, before.version, { validTo: input.validTo }))) {
      throw new AppError('ROSTER_PATTERN_CHANGED', { patternId: before.id });
    }
    const regen = await regenerate(
      ctx,
      tx,
      agent,
      // Ending earlier removes shifts after the new end; ending later (re-extending) adds them back.
      [before, { validFrom: before.validFrom, validTo: input.validTo }],
      { confirm: input.confirm, cause: { patternId: before.id, change: 'roster.endPattern' } },
    );
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: agent.teamId,
      action: 'roster.pattern.end',
      entityType: 'roster_pattern',
      entityId: before.id,
      before: { validTo: before.validTo },
      after: { validTo: input.validTo },
      at: ctx.now(),
    });
    return answer(tx, agent, before.id, regen);
  });
}
