/** Inputs of the crews of a day (SPEC §8.2): generate from the shifts, then swap, split, merge and rename by hand. */
import { z } from 'zod';
import { id, idempotencyKey, isoDate, text } from './common';

/** A team's day of crews. */
export const crewDayInput = z.object({ teamId: id, date: isoDate });
export type CrewDayInput = z.infer<typeof crewDayInput>;

/** Make the day's crews from its shifts (replacing generated crews that have no visits). */
export const generateCrewsInput = crewDayInput.extend({ idempotencyKey });
export type GenerateCrewsInput = z.infer<typeof generateCrewsInput>;

/**
 * `confirm`: the user saw the visits the change takes off these crews and agrees they go back to the tray.
 * Without it a change that touches planned visits is refused with their list (ORG_CHANGE_AFFECTS_VISITS).
 */
const confirm = z.boolean().default(false);

/** Exchange two agents between two crews of one day. */
export const swapCrewMembersInput = z.object({
  crewId: id,
  agentId: id,
  otherCrewId: id,
  otherAgentId: id,
  confirm,
  idempotencyKey,
});
export type SwapCrewMembersInput = z.infer<typeof swapCrewMembersInput>;

/** Split a two-person crew into two one-person crews (only where the two-person rule is off). */
export const splitCrewInput = z.object({ crewId: id, confirm, idempotencyKey });
export type SplitCrewInput = z.infer<typeof splitCrewInput>;

/** Merge two one-person crews: the other crew's agent joins the first, the other crew goes. */
export const mergeCrewsInput = z.object({ crewId: id, otherCrewId: id, confirm, idempotencyKey });
export type MergeCrewsInput = z.infer<typeof mergeCrewsInput>;

/** A crew's name on the board (unique per team and day). */
export const crewName = text({ min: 1, max: 40 });

export const renameCrewInput = z.object({ crewId: id, name: crewName, idempotencyKey });
export type RenameCrewInput = z.infer<typeof renameCrewInput>;
