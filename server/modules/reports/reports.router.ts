import { exportInput, reportFilter, visitIdInput, visitTableInput } from '../../../shared/schemas/oversight';
import { roleProcedure, router } from '../../trpc/init';
import { exportVisits } from './reports.export';
import { dashboard, visitTable } from './reports.service';
import { visitTimeline } from './timeline.service';

// Dispatchers see their team's numbers too; agents never see colleagues' results.
const oversight = roleProcedure('manager', 'dispatcher', 'admin');

export const reportsRouter = router({
  dashboard: oversight.input(reportFilter).query(({ ctx, input }) => dashboard(ctx, input)),
  visits: oversight.input(visitTableInput).query(({ ctx, input }) => visitTable(ctx, input)),
  export: oversight.input(exportInput).query(({ ctx, input }) => exportVisits(ctx, input)),
  timeline: oversight.input(visitIdInput).query(({ ctx, input }) => visitTimeline(ctx, input)),
});
