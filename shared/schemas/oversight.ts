import { z } from 'zod';
import { COMPLAINT_STATUSES, CONTACT_CHANNELS, OUTCOME_CODES, VISIT_STATUSES } from '../domain/constants';
import { PROMISE_STATES } from '../domain/promises';
import { daysBetween } from '../time';
import { cents, id, idempotencyKey, int, isoDate, text } from './common';

/** The longest period a report covers: a year, leap day included. */
const MAX_PERIOD_DAYS = 366;

/** The period and scope every oversight view is computed for; all optional filters narrow it. */
export const reportFilter = z
  .object({
    from: isoDate,
    to: isoDate,
    teamId: id.optional(),
    crewId: id.optional(),
    agentId: id.optional(),
  })
  .refine((f) => f.from <= f.to, { path: ['to'], message: 'PERIOD_REVERSED' })
  .refine((f) => daysBetween(f.from, f.to) <= MAX_PERIOD_DAYS, {
    path: ['to'],
    message: 'PERIOD_TOO_LONG',
    params: { maxDays: MAX_PERIOD_DAYS },
  });
export type ReportFilter = z.infer<typeof reportFilter>;

/** Which visits a number on the dashboard stands for, so the table can show "the visits behind it". */
const DRILLS = ['planned', 'made', 'missed', 'present', 'promise', 'onTime', 'late', 'plan'] as const;
export type Drill = (typeof DRILLS)[number];

export const VISIT_SORTS = ['visitDate', 'borrower', 'agent', 'status', 'outcome', 'promised', 'checkIn'] as const;

export const visitTableInput = z.object({
  filter: reportFilter,
  drill: z.enum(DRILLS).optional(),
  date: isoDate.optional(),
  outcome: z.enum(OUTCOME_CODES).optional(),
  status: z.enum(VISIT_STATUSES).optional(),
  search: text({ max: 100 }).optional(),
  sort: z.enum(VISIT_SORTS).default('visitDate'),
  desc: z.boolean().default(true),
  page: int({ min: 0, max: 100_000 }).default(0),
  pageSize: int({ min: 5, max: 200 }).default(25),
});
export type VisitTableInput = z.infer<typeof visitTableInput>;

export const exportInput = visitTableInput.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx']),
});
export type ExportInput = z.infer<typeof exportInput>;

export const visitIdInput = z.object({ visitId: id });
export type VisitIdInput = z.infer<typeof visitIdInput>;

export const COMPLIANCE_RULES = [
  'outside_slot',
  'outside_hours',
  'far_check_in',
  'no_id_shown',
  'no_recording',
  'one_person',
  'frequency_cap',
  'not_borrowers_address',
  'edited_after_day',
] as const;
export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];

/** Exceptions in a period and scope, one page (an admin's month across a lender's teams runs to tens of thousands). */
export const complianceListInput = z.object({
  filter: reportFilter,
  rule: z.enum(COMPLIANCE_RULES).optional(),
  acknowledged: z.boolean().optional(),
  page: int({ min: 0, max: 100_000 }).default(0),
  pageSize: int({ min: 5, max: 200 }).default(50),
});
export type ComplianceListInput = z.infer<typeof complianceListInput>;

export const acknowledgeInput = z.object({
  rule: z.enum(COMPLIANCE_RULES),
  visitId: id,
  comment: text({ min: 3, max: 1000, multiline: true }),
});
export type AcknowledgeInput = z.infer<typeof acknowledgeInput>;

export const complaintListInput = z.object({
  teamId: id.optional(),
  status: z.enum(COMPLAINT_STATUSES).optional(),
});
export type ComplaintListInput = z.infer<typeof complaintListInput>;

export const createComplaintInput = z.object({
  key: idempotencyKey,
  visitId: id,
  channel: z.enum(CONTACT_CHANNELS),
  text: text({ min: 5, max: 4000, multiline: true }),
});
export type CreateComplaintInput = z.infer<typeof createComplaintInput>;

export const assignComplaintInput = z.object({ id: id, userId: id });
export type AssignComplaintInput = z.infer<typeof assignComplaintInput>;

export const resolveComplaintInput = z.object({
  id: id,
  resolution: text({ min: 5, max: 4000, multiline: true }),
});
export type ResolveComplaintInput = z.infer<typeof resolveComplaintInput>;

export const recordPaymentInput = z.object({
  caseId: id,
  amountCents: cents,
  paidOn: isoDate,
  channel: text({ min: 1, max: 40 }),
  reference: text({ min: 3, max: 100 }),
});
export type RecordPaymentInput = z.infer<typeof recordPaymentInput>;

export const importPaymentsInput = z.object({ csv: text({ min: 1, max: 2_000_000, multiline: true, trim: false }) });
export type ImportPaymentsInput = z.infer<typeof importPaymentsInput>;

/** Promises due in [from, to] (by default 30 days either side of today), one page, optionally in one state. */
export const promiseListInput = z
  .object({
    teamId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    state: z.enum(PROMISE_STATES).optional(),
    page: int({ min: 0, max: 100_000 }).default(0),
    pageSize: int({ min: 5, max: 200 }).default(50),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'PERIOD_REVERSED' })
  .refine((f) => !f.from || !f.to || daysBetween(f.from, f.to) <= MAX_PERIOD_DAYS, {
    path: ['to'],
    message: 'PERIOD_TOO_LONG',
    params: { maxDays: MAX_PERIOD_DAYS },
  });
export type PromiseListInput = z.infer<typeof promiseListInput>;

export const teamOnlyInput = z.object({ teamId: id.optional() });
export type TeamOnlyInput = z.infer<typeof teamOnlyInput>;

/**
 * A page of the follow-up queue: `cursor` is the offset of the first row (React Query's infinite list passes the
 * previous page's `nextCursor`). A lender's admin sees ~20,000 open follow-ups; the screen shows them a page at
 * a time, so no caller ever loads the whole queue.
 */
export const followUpsInput = teamOnlyInput.extend({
  limit: int({ min: 1, max: 200 }).default(50),
  cursor: int({ min: 0, max: 1_000_000 }).default(0),
});
export type FollowUpsInput = z.infer<typeof followUpsInput>;
