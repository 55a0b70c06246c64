import { createAgentInput, updateAgentInput } from '@shared/schemas/agents';
import { formInput } from '../../lib/form-input';

// The agent form's inputs, each checked with its procedure's schema before it is sent
// (test/unit/client/form-inputs.test.ts holds them to the router's schemas).

/** What the agent form holds while it is edited: the choices as ids (null: none), the number as typed. */
export interface AgentFormValues {
  key: string;
  userId: string | null;
  fullName: string;
  badgeNo: string;
  credentialNo: string;
  credentialValidFrom: string;
  credentialValidTo: string;
  phone: string;
  skills: string[];
  languages: string[];
  baseId: string | null;
  maxVisitsPerDay: number | string;
  preferredPartnerId: string | null;
  active: boolean;
}

const fields = (v: AgentFormValues) => ({
  idempotencyKey: v.key,
  userId: v.userId ?? undefined,
  fullName: v.fullName,
  badgeNo: v.badgeNo,
  credentialNo: v.credentialNo,
  credentialValidFrom: v.credentialValidFrom,
  credentialValidTo: v.credentialValidTo,
  phone: v.phone,
  skills: v.skills,
  languages: v.languages,
  baseId: v.baseId ?? undefined,
  maxVisitsPerDay: v.maxVisitsPerDay === '' ? Number.NaN : Number(v.maxVisitsPerDay),
  preferredPartnerId: v.preferredPartnerId ?? undefined,
  active: v.active,
});

/** A new agent of a team. */
export const createAgentForm = formInput(createAgentInput, (v: AgentFormValues & { teamId: string }) => ({
  teamId: v.teamId,
  ...fields(v),
}));

/** A change to an agent; `confirm` after the admin saw the visits it takes off their crews. */
export const updateAgentForm = formInput(
  updateAgentInput,
  (v: AgentFormValues & { agentId: string; confirm: boolean }) => ({
    agentId: v.agentId,
    confirm: v.confirm,
    ...fields(v),
  }),
);
