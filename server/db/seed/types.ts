/** Row shapes the generator produces (the schema's insert types) and the plan shared between its stages. */
import type * as schema from '../../../drizzle/schema';
import type { LenderShape } from './lender';
import type { Rng } from './random';
import type { District, LatLng } from './shanghai';

export type TeamRow = typeof schema.teams.$inferInsert;
export type PolicyRow = typeof schema.policySettings.$inferInsert;
export type BaseRow = typeof schema.bases.$inferInsert;
export type UserRow = typeof schema.users.$inferInsert;
type UserTeamRow = typeof schema.userTeams.$inferInsert;
export type AgentRow = typeof schema.agents.$inferInsert;
type ShiftRow = typeof schema.shifts.$inferInsert;
type CrewRow = typeof schema.crews.$inferInsert;
type CrewMemberRow = typeof schema.crewMembers.$inferInsert;
type BorrowerRow = typeof schema.borrowers.$inferInsert;
type AddressRow = typeof schema.addresses.$inferInsert;
export type CaseRow = typeof schema.cases.$inferInsert;
type ContactAttemptRow = typeof schema.contactAttempts.$inferInsert;
export type AppointmentRow = typeof schema.appointments.$inferInsert;
export type VisitRow = typeof schema.visits.$inferInsert;
type OutcomeRow = typeof schema.outcomes.$inferInsert;
type RepaymentPlanRow = typeof schema.repaymentPlans.$inferInsert;
type InstalmentRow = typeof schema.instalments.$inferInsert;
export type SlotLinkRow = typeof schema.slotLinks.$inferInsert;
type FollowUpRow = typeof schema.followUpProposals.$inferInsert;
type PaymentRow = typeof schema.payments.$inferInsert;

/** Everything the seed inserts, in foreign-key order. */
export interface DemoData {
  teams: TeamRow[];
  policySettings: PolicyRow[];
  bases: BaseRow[];
  users: UserRow[];
  userTeams: UserTeamRow[];
  agents: AgentRow[];
  shifts: ShiftRow[];
  crews: CrewRow[];
  crewMembers: CrewMemberRow[];
  borrowers: BorrowerRow[];
  addresses: AddressRow[];
  cases: CaseRow[];
  contactAttempts: ContactAttemptRow[];
  appointments: AppointmentRow[];
  visits: VisitRow[];
  outcomes: OutcomeRow[];
  repaymentPlans: RepaymentPlanRow[];
  instalments: InstalmentRow[];
  slotLinks: SlotLinkRow[];
  followUpProposals: FollowUpRow[];
  payments: PaymentRow[];
}

export interface GenerateOptions {
  seed: number;
  /** Number of overdue cases (one borrower each). */
  cases: number;
  /** Number of crew-ready agents; an even number (two per crew). One lapsed-credential agent is added on top. */
  agents: number;
  /** The local date (YYYY-MM-DD, in `timeZone`) the dataset is centred on. */
  today: string;
  timeZone: string;
  /** One argon2 hash reused for every demo user. */
  passwordHash: string;
  /** The lender preset's organisation; absent for the demo city (three teams, visits as a share of cases). */
  lender?: LenderShape;
}

/** Shared state of one generation run: the options plus the two random streams. */
export interface GenContext extends GenerateOptions {
  /** Content randomness. */
  rng: Rng;
  /** Identifier randomness, separate so that ids stay stable when content draws change. */
  ids: Rng;
}

export interface TeamPlan {
  index: number;
  id: string;
  name: string;
  districts: readonly District[];
  districtWeights: readonly number[];
  crewCount: number;
  dispatcherUserId: string;
}

export interface AgentPlan {
  id: string;
  userId: string;
  teamIndex: number;
  home: LatLng;
  skills: string[];
  maxVisits: number;
}

/** One crew on one date, with the shared shift of its two members in epoch milliseconds. */
export interface CrewDayPlan {
  id: string;
  teamIndex: number;
  /** Position of the crew in its team, 0-based; crew 0 of team 0 is the demo agent's. */
  crewIndex: number;
  date: string;
  lead: AgentPlan;
  partner: AgentPlan;
  shiftStart: number;
  shiftEnd: number;
  /** A fixed 45-minute block inside the shift's break window that the seeded routes keep free. */
  breakStart: number;
  breakEnd: number;
  base: LatLng;
  skills: ReadonlySet<string>;
}

/** A case with what later stages need to know about it. */
export interface CasePlan {
  id: string;
  teamIndex: number;
  borrowerId: string;
  homeAddressId: string;
  workAddressId: string | null;
  addresses: Map<string, LatLng>;
  overdueCents: number;
  daysPastDue: number;
  priority: number;
  preferredLanguage: string;
  row: CaseRow;
}

/** A visit waiting to be routed: its window and place, in epoch milliseconds. */
export interface VisitPlan {
  row: VisitRow & { id: string };
  appointment: AppointmentRow & { id: string };
  casePlan: CasePlan;
  place: LatLng;
  slotStart: number;
  slotEnd: number;
}
