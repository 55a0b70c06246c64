import { createFeedInput, revokeFeedInput } from '../../../shared/schemas/calendar';
import { roleProcedure, router } from '../../trpc/init';
import { createFeed, myFeed, revokeFeed } from './calendar.service';

const agent = roleProcedure('agent');

/** The agent's own private calendar address (SPEC §8.5). */
export const calendarRouter = router({
  myFeed: agent.query(({ ctx }) => myFeed(ctx)),
  createFeed: agent.input(createFeedInput).mutation(({ ctx, input }) => createFeed(ctx, input)),
  revokeFeed: agent.input(revokeFeedInput).mutation(({ ctx, input }) => revokeFeed(ctx, input)),
});
