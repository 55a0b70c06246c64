import { liftOptOutInput, optOutInput, sendNoticeInput } from '../../../shared/schemas/messages';
import { roleProcedure, router } from '../../trpc/init';
import { sendNotice } from './messages.notices';
import { liftOptOut, optOut } from './opt-outs.service';

const readers = roleProcedure('dispatcher', 'manager', 'admin');
const senders = roleProcedure('dispatcher', 'admin');

/** Borrower messages (SPEC §8.4): notices sent through the outbox and opt-outs (the screens read messages through `outbox`). */
export const messagesRouter = router({
  sendNotice: senders.input(sendNoticeInput).mutation(({ ctx, input }) => sendNotice(ctx, input)),
  optOut: readers.input(optOutInput).mutation(({ ctx, input }) => optOut(ctx, input)),
  liftOptOut: readers.input(liftOptOutInput).mutation(({ ctx, input }) => liftOptOut(ctx, input)),
});
