import type { createCaller } from '../../../server/trpc/root';

type Caller = ReturnType<typeof createCaller>;

/** Polls `planning.status` until the run leaves "running", and returns that status. */
export async function settledPlan(caller: Caller, runId: string) {
  for (let i = 0; i < 600; i++) {
    const s = await caller.planning.status({ runId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('plan did not finish');
}
