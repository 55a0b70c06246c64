import {
  agreeSlotInput,
  cancelAppointmentInput,
  caseFileInput,
  confirmSlotInput,
  createSlotLinkInput,
  declineSlotsInput,
  logNoticeInput,
  slotOfferInput,
  slotOptionsInput,
} from '../../../shared/schemas/appointments';
import { teamOnlyInput } from '../../../shared/schemas/oversight';
import { worklistInput } from '../../../shared/schemas/worklist';
import { publicProcedure, roleProcedure, router } from '../../trpc/init';
import { worklist, worklistDistricts } from '../cases/worklist.service';
import { agreeSlot, cancelAppointment, caseFile, createSlotLink, logNotice, slotOptions } from './appointments.service';
import { confirmSlot, declineSlots, slotOffer } from './slots.service';

const readers = roleProcedure('dispatcher', 'manager', 'admin');
const arrangers = roleProcedure('dispatcher', 'admin');

/** Cases, notices and agreed slots: how a visit comes to exist (SPEC §1 stages 1–2). */
export const appointmentsRouter = router({
  worklist: readers.input(worklistInput).query(({ ctx, input }) => worklist(ctx, input)),
  districts: readers.input(teamOnlyInput).query(({ ctx, input }) => worklistDistricts(ctx, input)),
  caseFile: readers.input(caseFileInput).query(({ ctx, input }) => caseFile(ctx, input)),
  slotOptions: readers.input(slotOptionsInput).query(({ ctx, input }) => slotOptions(ctx, input)),
  logNotice: arrangers.input(logNoticeInput).mutation(({ ctx, input }) => logNotice(ctx, input)),
  agree: arrangers.input(agreeSlotInput).mutation(({ ctx, input }) => agreeSlot(ctx, input)),
  cancel: arrangers.input(cancelAppointmentInput).mutation(({ ctx, input }) => cancelAppointment(ctx, input)),
  createLink: arrangers.input(createSlotLinkInput).mutation(({ ctx, input }) => createSlotLink(ctx, input)),
});

/** The borrower's personal slot link: no sign-in, nothing about the debt. */
export const slotsRouter = router({
  offer: publicProcedure.input(slotOfferInput).query(({ ctx, input }) => slotOffer(ctx, input)),
  confirm: publicProcedure.input(confirmSlotInput).mutation(({ ctx, input }) => confirmSlot(ctx, input)),
  decline: publicProcedure.input(declineSlotsInput).mutation(({ ctx, input }) => declineSlots(ctx, input)),
});
