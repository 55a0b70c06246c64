/**
 * Teams on one "All my teams" board. A lender's admin has 50 teams (300 crew lanes, 3,000 visits a day): as one
 * board that was ~69 s to appear and a page too long to use. A page of teams keeps the lanes, the map and the
 * requests to what a dispatcher can take in; a regional manager's five teams still fit on one. Shared because the
 * server answers the first page at startup (`dispatch.teamsPage`) and the page must show the same teams.
 */
export const TEAMS_PER_PAGE = 5;

/** One page of `ids` (1-based `page`, clamped to the pages there are). */
export interface TeamPage {
  ids: string[];
  page: number;
  pages: number;
  from: number;
  to: number;
  total: number;
}

export function pageOfTeams(ids: readonly string[], page: number): TeamPage {
  const pages = Math.max(1, Math.ceil(ids.length / TEAMS_PER_PAGE));
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const start = (p - 1) * TEAMS_PER_PAGE;
  return {
    ids: ids.slice(start, start + TEAMS_PER_PAGE),
    page: p,
    pages,
    from: Math.min(start + 1, ids.length),
    to: Math.min(start + TEAMS_PER_PAGE, ids.length),
    total: ids.length,
  };
}
