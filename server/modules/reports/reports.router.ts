import { reportFilter, visitIdInput, visitTableInput } from '../../../shared/schemas/oversight';
import { roleProcedure, router } from '../../trpc/init';
import { dashboard, OVERSIGHT_ROLES, visitTable } from './reports.service';
import { visitTimeline } from './timeline.service';

// Exports are a plain GET that streams the file (reports.http.ts), not a procedure.
const oversight = roleProcedure(...OVERSIGHT_ROLES);

export const reportsRouter = router({
  dashboard: oversight.input(reportFilter).query(({ ctx, input }) => dashboard(ctx, input)),
  visits: oversight.input(visitTableInput).query(({ ctx, input }) => visitTable(ctx, input)),
  timeline: oversight.input(visitIdInput).query(({ ctx, input }) => visitTimeline(ctx, input)),
});
