/** Domain vocabularies shared by the database schema, the server and the client (SPEC §3). */
export const ROLES = ['admin', 'dispatcher', 'manager', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export const VISIT_STATUSES = [
  'unassigned',
  'assigned',
  'en_route',
  'on_site',
  'completed',
  'missed',
  'cancelled',
] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const VISIT_TYPES = ['negotiation', 'verification'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const OUTCOME_CODES = [
  'paid_in_full',
  'partial_payment',
  'promise_to_pay',
  'repayment_plan_agreed',
  'hardship_referral',
  'dispute',
  'refused',
  'borrower_absent',
  'wrong_address',
  'moved',
  'complaint_raised',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export const APPOINTMENT_STATUSES = ['agreed', 'rescheduled', 'cancelled', 'completed'] as const;

export const CASE_STATUSES = ['open', 'promised', 'paid', 'closed', 'disputed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Case statuses for which a visit may still be arranged: the cases a team works. */
export const ACTIVE_CASE_STATUSES = ['open', 'promised', 'disputed'] as const satisfies readonly CaseStatus[];

/** Why a case waits on the dispatcher's follow-up list: a promise was broken, or the borrower asked for a call. */
export const FOLLOW_UP_KINDS = ['broken_promise', 'callback'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export const CONTACT_STAGES = ['first_notice', 'appointment_notice', 'follow_up'] as const;
export type ContactStage = (typeof CONTACT_STAGES)[number];
/** The contact stages that count as notifying the borrower before a visit (SPEC §4); a follow-up call does not. */
export const NOTICE_STAGES = ['first_notice', 'appointment_notice'] as const satisfies readonly ContactStage[];

export const CONTACT_CHANNELS = ['sms', 'phone', 'letter', 'in_person', 'app'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const COMPLAINT_STATUSES = ['open', 'assigned', 'resolved'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const JURISDICTIONS = ['CN', 'IN', 'US', 'custom'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** Allowed visiting hours per jurisdiction preset, local time of the address (SPEC §4). */
export const JURISDICTION_PRESETS: Record<Exclude<Jurisdiction, 'custom'>, { start: string; end: string }> = {
  CN: { start: '08:00', end: '22:00' },
  IN: { start: '08:00', end: '19:00' },
  US: { start: '08:00', end: '21:00' },
};

/** Why an agent is off on a date that their weekly roster pattern would have them work (SPEC §8.2). */
export const ROSTER_EXCEPTION_KINDS = ['leave', 'sickness', 'training', 'public_holiday'] as const;
export type RosterExceptionKind = (typeof ROSTER_EXCEPTION_KINDS)[number];

/** Where a shift or a crew came from: generated from the roster, or made or changed by hand (kept on regeneration). */
export const ORG_ORIGINS = ['roster', 'manual'] as const;
export type OrgOrigin = (typeof ORG_ORIGINS)[number];
