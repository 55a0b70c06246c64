import { z } from 'zod';
import { CASE_STATUSES } from '../domain/constants';
import { id, int, text } from './common';

/** The worklist's filter chips: each narrows the list and shows how many cases it would leave. */
export const WORKLIST_FILTERS = ['needsNotice', 'noSlot', 'callback', 'brokenPromise'] as const;
export type WorklistFilter = (typeof WORKLIST_FILTERS)[number];

export const WORKLIST_SORTS = ['daysPastDue', 'amount', 'lastContact', 'borrower', 'loanRef', 'nextSlot'] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

/** `active`: the cases a team still works (open, promised, disputed); `all`: every status. */
export const WORKLIST_STATUSES = ['active', 'all', ...CASE_STATUSES] as const;
export type WorklistStatus = (typeof WORKLIST_STATUSES)[number];

export const WORKLIST_PAGE_SIZES = [10, 25, 50, 100] as const;

/** A page of the team's cases: filters (all must hold), a sort and a page. */
export const worklistInput = z
  .object({
    teamId: id.optional(),
    /** Part of the loan reference or of the borrower's name, in any letter case. */
    q: text({ max: 100 }).default(''),
    filters: z.array(z.enum(WORKLIST_FILTERS)).max(WORKLIST_FILTERS.length).default([]),
    status: z.enum(WORKLIST_STATUSES).default('active'),
    dpdMin: int({ min: 0, max: 9_999 }).optional(),
    dpdMax: int({ min: 0, max: 9_999 }).optional(),
    /** A district one of the borrower's addresses lies in. */
    district: text({ max: 60 }).optional(),
    sort: z.enum(WORKLIST_SORTS).default('daysPastDue'),
    desc: z.boolean().default(true),
    page: int({ min: 0, max: 10_000 }).default(0),
    pageSize: int({ min: 10, max: 100 }).default(25),
  })
  .refine((v) => v.dpdMin === undefined || v.dpdMax === undefined || v.dpdMin <= v.dpdMax, {
    path: ['dpdMax'],
    message: 'RANGE_REVERSED',
  });
export type WorklistInput = z.infer<typeof worklistInput>;
