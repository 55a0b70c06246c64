import { dayInput } from '../../../shared/schemas/common';
import {
  checkInInput,
  enRouteInput,
  listFieldConflictsInput,
  recordOutcomeInput,
  resolveFieldConflictInput,
  uploadAttachmentInput,
  verifyInput,
  visitIdInput,
} from '../../../shared/schemas/field';
import { authedProcedure, publicProcedure, roleProcedure, router } from '../../trpc/init';
import { uploadAttachment } from './attachment.service';
import { issueBadge, issueDayBadges, verifyBadge } from './badge.service';
import { resolveFieldConflict } from './conflicts.apply';
import { listFieldConflicts } from './conflicts.service';
import { checkIn, markEnRoute } from './field.service';
import { listOutcomeVersions, recordOutcome } from './outcome.service';
import { getFieldRoute } from './route.service';

/** The field agent's phone app: route, status flow, badge, evidence and outcomes. */
export const fieldRouter = router({
  today: roleProcedure('agent')
    .input(dayInput)
    .query(({ ctx, input }) => getFieldRoute(ctx, input)),
  enRoute: roleProcedure('agent')
    .input(enRouteInput)
    .mutation(({ ctx, input }) => markEnRoute(ctx, input)),
  checkIn: roleProcedure('agent')
    .input(checkInInput)
    .mutation(({ ctx, input }) => checkIn(ctx, input)),
  badge: roleProcedure('agent')
    .input(visitIdInput)
    .mutation(({ ctx, input }) => issueBadge(ctx, input)),
  badges: roleProcedure('agent')
    .input(dayInput)
    .mutation(({ ctx, input }) => issueDayBadges(ctx, input)),
  uploadAttachment: roleProcedure('agent')
    .input(uploadAttachmentInput)
    .mutation(({ ctx, input }) => uploadAttachment(ctx, input)),
  recordOutcome: roleProcedure('agent')
    .input(recordOutcomeInput)
    .mutation(({ ctx, input }) => recordOutcome(ctx, input)),
  outcomeVersions: authedProcedure.input(visitIdInput).query(({ ctx, input }) => listOutcomeVersions(ctx, input)),
});

/** The borrower's check of a visitor's badge code: no sign-in, nothing about the debt. */
export const verifyRouter = router({
  check: publicProcedure.input(verifyInput).mutation(({ ctx, input }) => verifyBadge(ctx, input)),
});

/** Field records kept because the visit changed under the crew: the dispatcher's list and decision. */
export const fieldConflictsRouter = router({
  list: roleProcedure('dispatcher', 'manager', 'admin')
    .input(listFieldConflictsInput)
    .query(({ ctx, input }) => listFieldConflicts(ctx, input)),
  resolve: roleProcedure('dispatcher', 'admin')
    .input(resolveFieldConflictInput)
    .mutation(({ ctx, input }) => resolveFieldConflict(ctx, input)),
});
