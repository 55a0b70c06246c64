/**
 * The day-before reminders (SPEC §8.4): every visit still coming tomorrow (the team's local date) gets one
 * reminder message, its event keyed by visit and date, so running the job twice (a retry, two processes, a
 * manual run) writes each reminder once. The gateway slice's messages.workers.ts schedules it.
 */
import { addDays, localDate } from '../../../shared/time';
import type { JobDeps } from '../jobs/workers';
import { readTeamZone } from '../policy/policy.service';
import { queueMessage } from './messages.service';
import { findComingVisits, findTeamIds } from './outbox.repo';

/**
 * When the reminders are written: daily at 18:00, in env TZ_DEFAULT (pg-boss `schedule(name, cron, data,
 * { tz })`). Inside the allowed hours of the default policy, so they leave at once; tomorrow is judged per team.
 */
export const REMINDER_CRON = '0 18 * * *';

/** Writes the reminders of tomorrow's visits of one team (data.teamId) or of every team; how many were new. */
export async function writeReminders(deps: JobDeps, data: { teamId?: string }): Promise<{ written: number }> {
  let written = 0;
  for (const team of await findTeamIds(deps.db, data.teamId)) {
    const zone = await readTeamZone(deps.db, team.id, deps.env.TZ_DEFAULT);
    const tomorrow = addDays(localDate(deps.now(), zone), 1);
    // One transaction per team: a team's reminders are written (with their send jobs) together or not at all.
    written += await deps.db.transaction(async (tx) => {
      let n = 0;
      for (const v of await findComingVisits(tx, team.id, tomorrow)) {
        const out = await queueMessage(tx, deps, {
          kind: 'reminder',
          caseId: v.caseId,
          eventKey: `reminder:${v.visitId}:${tomorrow}`,
          visitId: v.visitId,
          userId: null,
        });
        if (out.created) n++;
      }
      return n;
    });
  }
  return { written };
}
