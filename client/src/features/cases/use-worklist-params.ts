import {
  WORKLIST_FILTERS,
  WORKLIST_PAGE_SIZES,
  WORKLIST_SORTS,
  WORKLIST_STATUSES,
  type WorklistFilter,
  type WorklistSort,
  type WorklistStatus,
} from '@shared/schemas/worklist';
import { useSearchParams } from 'react-router';
import { patchedSearch } from '../../lib/url-patch';

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

const whole = (value: string | null): number | undefined => {
  if (value === null || !/^\d{1,4}$/.test(value)) return undefined;
  return Number(value);
};

/**
 * The worklist's whole state lives in the URL (?q&f&status&dpdMin&dpdMax&district&sort&asc&page&size&team&case),
 * so a filtered, sorted page can be bookmarked, shared and reloaded, and "back" from a case returns to it.
 */
export function useWorklistParams() {
  const [params, setParams] = useSearchParams();
  const filters = (params.get('f') ?? '')
    .split(',')
    .filter((f): f is WorklistFilter => (WORKLIST_FILTERS as readonly string[]).includes(f));
  const size = Number(params.get('size'));
  const state = {
    q: params.get('q') ?? '',
    filters,
    status: oneOf<WorklistStatus>(WORKLIST_STATUSES, params.get('status'), 'active'),
    dpdMin: whole(params.get('dpdMin')),
    dpdMax: whole(params.get('dpdMax')),
    district: params.get('district') ?? undefined,
    sort: oneOf<WorklistSort>(WORKLIST_SORTS, params.get('sort'), 'daysPastDue'),
    desc: params.get('asc') !== '1',
    page: whole(params.get('page')) ?? 0,
    pageSize: (WORKLIST_PAGE_SIZES as readonly number[]).includes(size) ? size : 25,
    caseId: params.get('case'),
  };
  /** Sets (or with undefined/'' removes) URL parameters; any change but the page or the case goes to page one. */
  const update = (patch: Record<string, string | undefined>, opts: { replace?: boolean } = {}) =>
    setParams(() => patchedSearch(patch, ['page', 'case']), { replace: opts.replace ?? false });
  const toggleFilter = (f: WorklistFilter) => {
    const next = filters.includes(f) ? filters.filter((x) => x !== f) : [...filters, f];
    update({ f: next.join(',') });
  };
  const sortBy = (sort: WorklistSort) =>
    update(
      sort === state.sort
        ? { asc: state.desc ? '1' : undefined }
        : { sort: sort === 'daysPastDue' ? undefined : sort, asc: DEFAULT_ASCENDING.has(sort) ? '1' : undefined },
    );
  return { ...state, update, toggleFilter, sortBy };
}
export type WorklistParams = ReturnType<typeof useWorklistParams>;

/** Sorts that read best from the smallest first when chosen: names, references and the soonest slot. */
const DEFAULT_ASCENDING: ReadonlySet<WorklistSort> = new Set(['borrower', 'loanRef', 'nextSlot']);
