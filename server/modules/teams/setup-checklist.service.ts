/**
 * The first-run checklist on the admin home (SPEC §8.1): what is still missing before a day can be planned —
 * a team, its bases, agents, a roster, crews — each step done or missing, from one count query.
 */
import { localDate } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { countSetupSteps } from './setup-checklist.repo';

/** The steps in the order a new organisation takes them. */
export const SETUP_STEPS = ['teams', 'bases', 'agents', 'roster', 'crews'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export async function setupChecklist(ctx: AuthedContext) {
  const counts = await countSetupSteps(ctx.db, localDate(ctx.now(), ctx.env.TZ_DEFAULT));
  const steps = SETUP_STEPS.map((step) => ({ step, count: counts[step], done: counts[step] > 0 }));
  return { steps, complete: steps.every((s) => s.done) };
}
