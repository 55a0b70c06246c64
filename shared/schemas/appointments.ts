import { z } from 'zod';
import { CONTACT_CHANNELS, CONTACT_STAGES, VISIT_TYPES } from '../domain/constants';
import { idempotencyKey, isoDate } from './common';

const isoInstant = z.iso.datetime({ offset: true, message: 'must be a date-time with offset' });

/** Cases of the caller's teams whose loan reference or borrower name contains `q`. */
export const searchCasesInput = z.object({
  teamId: z.uuid().optional(),
  q: z.string().trim().max(100).default(''),
});
export type SearchCasesInput = z.infer<typeof searchCasesInput>;

export const caseFileInput = z.object({ caseId: z.uuid() });
export type CaseFileInput = z.infer<typeof caseFileInput>;

/** The slots of a day for a case, with the team's room and any rule that already rules one out. */
export const slotOptionsInput = z.object({
  caseId: z.uuid(),
  date: isoDate,
  replacesAppointmentId: z.uuid().optional(),
});
export type SlotOptionsInput = z.infer<typeof slotOptionsInput>;

/** A notice or call to the borrower (SPEC §1 stages 1–2), logged before a slot may be agreed. */
export const logNoticeInput = z.object({
  caseId: z.uuid(),
  stage: z.enum(CONTACT_STAGES),
  channel: z.enum(CONTACT_CHANNELS),
  result: z.string().trim().min(1, 'say what came of it').max(500),
  idempotencyKey,
});
export type LogNoticeInput = z.infer<typeof logNoticeInput>;

/**
 * A slot the borrower agreed (by phone, in person …) at one of their addresses. With `replacesAppointmentId`
 * it is a reschedule: the old appointment and its visit are superseded by this freshly confirmed one.
 */
export const agreeSlotInput = z.object({
  caseId: z.uuid(),
  addressId: z.uuid(),
  visitType: z.enum(VISIT_TYPES),
  slotStart: isoInstant,
  slotEnd: isoInstant,
  via: z.enum(CONTACT_CHANNELS),
  notes: z.string().trim().max(500).optional(),
  replacesAppointmentId: z.uuid().optional(),
  idempotencyKey,
});
export type AgreeSlotInput = z.infer<typeof agreeSlotInput>;

export const cancelAppointmentInput = z.object({
  appointmentId: z.uuid(),
  reason: z.string().trim().min(1, 'give a reason').max(500),
  idempotencyKey,
});
export type CancelAppointmentInput = z.infer<typeof cancelAppointmentInput>;

/** A personal link for the borrower to pick a slot (or a new one for `replacesAppointmentId`). */
export const createSlotLinkInput = z.object({
  caseId: z.uuid(),
  addressId: z.uuid(),
  visitType: z.enum(VISIT_TYPES),
  replacesAppointmentId: z.uuid().optional(),
  idempotencyKey,
});
export type CreateSlotLinkInput = z.infer<typeof createSlotLinkInput>;

/** Any text: a cut-off or mistyped link gets the same "not valid" answer as an unknown one, not a form error. */
const token = z.string().max(200);

export const slotOfferInput = z.object({ token });
export type SlotOfferInput = z.infer<typeof slotOfferInput>;

/** Single-use link: a retry after success finds the link used for that same slot and gets the same answer. */
export const confirmSlotInput = z.object({ token, slotStart: isoInstant });
export type ConfirmSlotInput = z.infer<typeof confirmSlotInput>;

/** None of the offered times suit: the borrower asks for a call instead (an optional word on when to call). */
export const declineSlotsInput = z.object({ token, note: z.string().trim().max(300).optional() });
export type DeclineSlotsInput = z.infer<typeof declineSlotsInput>;
