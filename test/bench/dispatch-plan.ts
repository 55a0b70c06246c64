/**
 * Auto-plan timing on the demo team-days, through the real router: problem building, the solver in its worker
 * (wall time until the preview is ready) and the one-transaction apply.
 *
 *   npm run bench:dispatch:plan -- [--limits 1000,3000,5000]
 */
import { parseArgs } from 'node:util';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { createTestDb, makeContext } from '../integration/helpers/db';
import { seedDemoUsers, TODAY } from '../integration/helpers/demo';

const { values } = parseArgs({ options: { limits: { type: 'string', default: '1000,3000,5000' } } });
const limits = values.limits.split(',').map(Number);
const handle = await createTestDb();
const users = await seedDemoUsers(handle);
const teamId = users.dispatcher.teamIds[0] as string;
const caller = createCaller(makeContext(handle, users.dispatcher));

for (const offset of [1, 3]) {
  const date = addDays(TODAY, offset);
  for (const timeLimitMs of limits) {
    const t0 = performance.now();
    const started = await caller.planning.start({ teamId, date, timeLimitMs });
    const tStarted = performance.now();
    let s = await caller.planning.status({ runId: started.runId });
    while (s.state === 'running') {
      await new Promise((r) => setTimeout(r, 25));
      s = await caller.planning.status({ runId: started.runId });
    }
    const tPreview = performance.now();
    const applied = await caller.planning.commit({ runId: started.runId, idempotencyKey: `bench-${started.runId}` });
    const tApplied = performance.now();
    console.log(
      JSON.stringify({
        date,
        visits: started.jobs,
        crews: started.crews,
        timeLimitMs,
        startMs: Math.round(tStarted - t0),
        solveMs: s.solveMs,
        toPreviewMs: Math.round(tPreview - t0),
        applyMs: Math.round(tApplied - tPreview),
        planned: s.preview?.totals.after.visits,
        unassigned: s.preview?.unassigned.length,
        km: s.preview?.totals.after.km,
        assigned: applied.assigned,
      }),
    );
  }
}
await handle.close();
