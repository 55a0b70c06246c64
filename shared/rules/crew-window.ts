/** A crew's common working window: the one rule behind the board, the slots, the planner and the agent's route. */

/** A crew works while all its members are on shift: the latest start and the earliest end of those with a shift. */
export function crewWindow(crew: { members: Array<{ shiftStart: Date | null; shiftEnd: Date | null }> }): {
  start: Date | null;
  end: Date | null;
} {
  const starts = crew.members.flatMap((m) => (m.shiftStart ? [m.shiftStart.getTime()] : []));
  const ends = crew.members.flatMap((m) => (m.shiftEnd ? [m.shiftEnd.getTime()] : []));
  return {
    start: starts.length ? new Date(Math.max(...starts)) : null,
    end: ends.length ? new Date(Math.min(...ends)) : null,
  };
}
