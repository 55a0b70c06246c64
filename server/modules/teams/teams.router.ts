import { authedProcedure, router } from '../../trpc/init';
import { listVisibleTeams } from './teams.service';

export const teamsRouter = router({
  list: authedProcedure.query(({ ctx }) => listVisibleTeams(ctx)),
});
