import type { Drill } from '@shared/schemas/oversight';
import { useSearchParams } from 'react-router';
import { patchedSearch } from '../../lib/url-patch';

/** Today's date (YYYY-MM-DD) in a zone. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

/** Whole days added to a YYYY-MM-DD date. */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DEFAULT_ZONE = 'Asia/Shanghai';
const SORTS = ['visitDate', 'borrower', 'agent', 'status', 'outcome', 'promised', 'checkIn'] as const;
export type VisitSort = (typeof SORTS)[number];

/**
 * Every filter of the oversight page lives in the URL (?from&to&team&agent&drill&date&outcome&sort&page&tab&visit),
 * so a view can be bookmarked, shared and reloaded. Defaults: the last 30 days up to today.
 */
export function useReportFilters() {
  const [params, setParams] = useSearchParams();
  const today = todayIn(DEFAULT_ZONE);
  const get = (k: string) => params.get(k) ?? undefined;
  const from = get('from') ?? shiftDate(today, -29);
  const to = get('to') ?? today;
  const sort = (SORTS as readonly string[]).includes(get('sort') ?? '') ? (get('sort') as VisitSort) : 'visitDate';
  const state = {
    from,
    to,
    teamId: get('team'),
    agentId: get('agent'),
    drill: get('drill') as Drill | undefined,
    date: get('date'),
    outcome: get('outcome'),
    search: get('q'),
    sort,
    desc: get('asc') !== '1',
    page: Number(get('page') ?? 0) || 0,
    tab: get('tab') ?? 'dashboard',
    visit: get('visit'),
  };
  /** Sets (or with undefined, removes) URL parameters; any filter change goes back to page one. */
  const update = (patch: Record<string, string | undefined>) =>
    setParams(() => patchedSearch(patch), { replace: false });
  const filter = { from, to, teamId: state.teamId, agentId: state.agentId };
  return { ...state, filter, today, update };
}
export type ReportFilters = ReturnType<typeof useReportFilters>;
