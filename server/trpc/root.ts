import { adminRouter } from '../modules/admin/admin.router';
import { appointmentsRouter, slotsRouter } from '../modules/appointments/appointments.router';
import { auditRouter } from '../modules/audit/audit.router';
import { authRouter } from '../modules/auth/auth.router';
import { calendarRouter } from '../modules/calendar/calendar.router';
import { casesRouter } from '../modules/cases/cases.router';
import { complaintsRouter } from '../modules/complaints/complaints.router';
import { complianceRouter } from '../modules/compliance/compliance.router';
import { configRouter } from '../modules/config/config.router';
import { dispatchRouter } from '../modules/dispatch/dispatch.router';
import { fieldConflictsRouter, fieldRouter, verifyRouter } from '../modules/field/field.router';
import { intakeRouter } from '../modules/intake/intake.router';
import { tokensRouter } from '../modules/intake/tokens.router';
import { jobsRouter } from '../modules/jobs/jobs.router';
import { liveRouter } from '../modules/live/live.router';
import { locationsRouter } from '../modules/locations/locations.router';
import { messagesRouter } from '../modules/messages/messages.router';
import { outboxRouter } from '../modules/messages/outbox.router';
import { outcomesRouter } from '../modules/outcomes/outcomes.router';
import { paymentsRouter } from '../modules/payments/payments.router';
import { planningRouter } from '../modules/planning/planning.router';
import { reportsRouter } from '../modules/reports/reports.router';
import { rosterRouter } from '../modules/roster/roster.router';
import { crewsRouter } from '../modules/teams/crews.router';
import { teamsRouter } from '../modules/teams/teams.router';
import { visitsRouter } from '../modules/visits/visits.router';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  auth: authRouter,
  config: configRouter,
  teams: teamsRouter,
  crews: crewsRouter,
  dispatch: dispatchRouter,
  planning: planningRouter,
  live: liveRouter,
  visits: visitsRouter,
  outcomes: outcomesRouter,
  admin: adminRouter,
  reports: reportsRouter,
  compliance: complianceRouter,
  complaints: complaintsRouter,
  audit: auditRouter,
  payments: paymentsRouter,
  field: fieldRouter,
  fieldConflicts: fieldConflictsRouter,
  verify: verifyRouter,
  appointments: appointmentsRouter,
  cases: casesRouter,
  slots: slotsRouter,
  roster: rosterRouter,
  locations: locationsRouter,
  intake: intakeRouter,
  tokens: tokensRouter,
  messages: messagesRouter,
  calendar: calendarRouter,
  jobs: jobsRouter,
  outbox: outboxRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
