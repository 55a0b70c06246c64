import type { Role } from './constants';

/**
 * Who changes the dispatch board: places, moves, unassigns and pins visits, and plans a day. Managers watch the
 * same board. The server enforces it on each procedure (dispatch and planning routers); the board reads it
 * to draw itself without drag handles for those who may not (rather than letting them drag and be refused).
 */
export const BOARD_EDITORS = ['dispatcher', 'admin'] as const satisfies readonly Role[];

/** Whether a role may change the dispatch board. */
export function mayEditBoard(role: Role): boolean {
  return (BOARD_EDITORS as readonly Role[]).includes(role);
}

/**
 * Who changes a team's roster (patterns, exceptions, shifts): its dispatchers, and admins for every team
 * (SPEC §8.2). Managers read it.
 */
export const ROSTER_EDITORS = ['dispatcher', 'admin'] as const satisfies readonly Role[];
