import { z } from 'zod';
import { CONTACT_CHANNELS, CONTACT_STAGES, VISIT_TYPES } from '../domain/constants';
import { id, idempotencyKey, instant, isoDate, opaque, text } from './common';

export const caseFileInput = z.object({ caseId: id });
export type CaseFileInput = z.infer<typeof caseFileInput>;

/** The slots of a day for a case, with the team's room and any rule that already rules one out. */
export const slotOptionsInput = z.object({
  caseId: id,
  date: isoDate,
  replacesAppointmentId: id.optional(),
});
export type SlotOptionsInput = z.infer<typeof slotOptionsInput>;

/** A notice or call to the borrower (SPEC §1 stages 1–2), logged before a slot may be agreed. */
export const logNoticeInput = z.object({
  caseId: id,
  stage: z.enum(CONTACT_STAGES),
  channel: z.enum(CONTACT_CHANNELS),
  result: text({ min: 1, max: 500, multiline: true }),
  idempotencyKey,
});
export type LogNoticeInput = z.infer<typeof logNoticeInput>;

/**
 * A slot the borrower agreed (by phone, in person …) at one of their addresses. With `replacesAppointmentId`
 * it is a reschedule: the old appointment and its visit are superseded by this freshly confirmed one.
 */
export const agreeSlotInput = z.object({
  caseId: id,
  addressId: id,
  visitType: z.enum(VISIT_TYPES),
  slotStart: instant,
  slotEnd: instant,
  via: z.enum(CONTACT_CHANNELS),
  notes: text({ max: 500, multiline: true }).optional(),
  replacesAppointmentId: id.optional(),
  idempotencyKey,
});
export type AgreeSlotInput = z.infer<typeof agreeSlotInput>;

export const cancelAppointmentInput = z.object({
  appointmentId: id,
  reason: text({ min: 1, max: 500, multiline: true }),
  idempotencyKey,
});
export type CancelAppointmentInput = z.infer<typeof cancelAppointmentInput>;

/** A personal link for the borrower to pick a slot (or a new one for `replacesAppointmentId`). */
export const createSlotLinkInput = z.object({
  caseId: id,
  addressId: id,
  visitType: z.enum(VISIT_TYPES),
  replacesAppointmentId: id.optional(),
  idempotencyKey,
});
export type CreateSlotLinkInput = z.infer<typeof createSlotLinkInput>;

/** Any text: a cut-off or mistyped link gets the same "not valid" answer as an unknown one, not a form error. */
const token = opaque(200);

export const slotOfferInput = z.object({ token });
export type SlotOfferInput = z.infer<typeof slotOfferInput>;

/** Single-use link: a retry after success finds the link used for that same slot and gets the same answer. */
export const confirmSlotInput = z.object({ token, slotStart: instant });
export type ConfirmSlotInput = z.infer<typeof confirmSlotInput>;

/** None of the offered times suit: the borrower asks for a call instead (an optional word on when to call). */
export const declineSlotsInput = z.object({ token, note: text({ max: 300, multiline: true }).optional() });
export type DeclineSlotsInput = z.infer<typeof declineSlotsInput>;
