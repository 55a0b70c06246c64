import { z } from 'zod';
import { COMPLAINT_STATUSES, CONTACT_CHANNELS, OUTCOME_CODES, VISIT_STATUSES } from '../domain/constants';
import { idempotencyKey, isoDate } from './common';

/** The period and scope every oversight view is computed for; all optional filters narrow it. */
export const reportFilter = z
  .object({
    from: isoDate,
    to: isoDate,
    teamId: z.uuid().optional(),
    crewId: z.uuid().optional(),
    agentId: z.uuid().optional(),
  })
  .refine((f) => f.from <= f.to, { path: ['to'], message: 'must not be before the start date' })
  .refine((f) => Date.parse(f.to) - Date.parse(f.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'the period may be at most one year',
  });
export type ReportFilter = z.infer<typeof reportFilter>;

/** Which visits a number on the dashboard stands for, so the table can show "the visits behind it". */
export const DRILLS = ['planned', 'made', 'missed', 'present', 'promise', 'onTime', 'late', 'plan'] as const;
export type Drill = (typeof DRILLS)[number];

export const VISIT_SORTS = ['visitDate', 'borrower', 'agent', 'status', 'outcome', 'promised', 'checkIn'] as const;

export const visitTableInput = z.object({
  filter: reportFilter,
  drill: z.enum(DRILLS).optional(),
  date: isoDate.optional(),
  outcome: z.enum(OUTCOME_CODES).optional(),
  status: z.enum(VISIT_STATUSES).optional(),
  search: z.string().trim().max(100).optional(),
  sort: z.enum(VISIT_SORTS).default('visitDate'),
  desc: z.boolean().default(true),
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(5).max(200).default(25),
});
export type VisitTableInput = z.infer<typeof visitTableInput>;

export const exportInput = visitTableInput.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx']),
});
export type ExportInput = z.infer<typeof exportInput>;

export const visitIdInput = z.object({ visitId: z.uuid() });
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

export const complianceListInput = z.object({
  filter: reportFilter,
  rule: z.enum(COMPLIANCE_RULES).optional(),
  acknowledged: z.boolean().optional(),
});
export type ComplianceListInput = z.infer<typeof complianceListInput>;

export const acknowledgeInput = z.object({
  rule: z.enum(COMPLIANCE_RULES),
  visitId: z.uuid(),
  comment: z.string().trim().min(3, 'write at least 3 characters').max(1000),
});
export type AcknowledgeInput = z.infer<typeof acknowledgeInput>;

export const complaintListInput = z.object({
  teamId: z.uuid().optional(),
  status: z.enum(COMPLAINT_STATUSES).optional(),
});
export type ComplaintListInput = z.infer<typeof complaintListInput>;

export const createComplaintInput = z.object({
  key: idempotencyKey,
  visitId: z.uuid(),
  channel: z.enum(CONTACT_CHANNELS),
  text: z.string().trim().min(5, 'describe the complaint in at least 5 characters').max(4000),
});
export type CreateComplaintInput = z.infer<typeof createComplaintInput>;

export const assignComplaintInput = z.object({ id: z.uuid(), userId: z.uuid() });
export type AssignComplaintInput = z.infer<typeof assignComplaintInput>;

export const resolveComplaintInput = z.object({
  id: z.uuid(),
  resolution: z.string().trim().min(5, 'write at least 5 characters').max(4000),
});
export type ResolveComplaintInput = z.infer<typeof resolveComplaintInput>;

export const recordPaymentInput = z.object({
  caseId: z.uuid(),
  amountCents: z.number().int().positive('must be more than zero'),
  paidOn: isoDate,
  channel: z.string().trim().min(1).max(40),
  reference: z.string().trim().min(3).max(100),
});
export type RecordPaymentInput = z.infer<typeof recordPaymentInput>;

export const importPaymentsInput = z.object({ csv: z.string().min(1).max(2_000_000) });
export type ImportPaymentsInput = z.infer<typeof importPaymentsInput>;

export const promiseListInput = z.object({ teamId: z.uuid().optional(), from: isoDate, to: isoDate });
export type PromiseListInput = z.infer<typeof promiseListInput>;

export const teamOnlyInput = z.object({ teamId: z.uuid().optional() });
export type TeamOnlyInput = z.infer<typeof teamOnlyInput>;
