import {
  type AgreeSlotInput,
  agreeSlotInput,
  cancelAppointmentInput,
  createSlotLinkInput,
  logNoticeInput,
} from '@shared/schemas/appointments';
import { formInput } from '../../lib/form-input';

// The case forms' inputs, each checked with its procedure's schema before it is sent
// (test/unit/client/form-inputs.test.ts holds them to the router's schemas).

/** Logging a notice or call: the result as typed. */
export const noticeForm = formInput(logNoticeInput);

/** Agreeing (or moving) a slot: empty notes are sent as none. */
export const agreeForm = formInput(agreeSlotInput, (v: Omit<AgreeSlotInput, 'notes'> & { notes: string }) => ({
  ...v,
  notes: v.notes.trim() || undefined,
}));

/** Cancelling an appointment: the reason as typed. */
export const cancelForm = formInput(cancelAppointmentInput);

/** Creating the borrower's slot link. */
export const slotLinkForm = formInput(createSlotLinkInput);
