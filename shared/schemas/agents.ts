/** Inputs of agent management (SPEC §8.2): the admin's list, form and photo upload of a team's field agents. */
import { z } from 'zod';
import { base64, calendarDate, id, idempotencyKey, int, mobilePhone, pattern, text } from './common';

export const agentsInput = z.object({ teamId: id.optional() });
export type AgentsInput = z.infer<typeof agentsInput>;

/** What the agent form of a team offers: its active bases, its agents (as partners), sign-ins still unlinked. */
export const agentOptionsInput = z.object({ teamId: id });
export type AgentOptionsInput = z.infer<typeof agentOptionsInput>;

/** Badge and credential numbers: printed on the badge, so a fixed alphabet; upper-cased so "sh-1" = "SH-1". */
const staffNumber = (example: string) =>
  pattern(/^[A-Z0-9][A-Z0-9-]*$/, { min: 2, max: 32, message: 'STAFF_NUMBER_FORMAT', example, upperCase: true });

const agentFields = {
  idempotencyKey,
  /** The agent's sign-in (a user with role agent not linked to another agent); left out: none (yet). */
  userId: id.optional(),
  fullName: text({ min: 1, max: 64 }),
  badgeNo: staffNumber('SH-FV-0101'),
  credentialNo: staffNumber('SHJR202501123456'),
  credentialValidFrom: calendarDate,
  credentialValidTo: calendarDate,
  phone: mobilePhone,
  /** Skill tags as the planner matches them ("verification", "lang:en", "dialect:沪语"). */
  skills: z
    .array(text({ min: 1, max: 32 }))
    .max(20, 'LIST_TOO_LONG')
    .refine((l) => new Set(l).size === l.length, { message: 'IDS_REPEATED' }),
  /** Languages the agent speaks, as codes ("zh", "en", "wuu"). */
  languages: z
    .array(pattern(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { max: 12, message: 'LANGUAGE_CODE_FORMAT', example: 'zh' }))
    .max(10, 'LIST_TOO_LONG')
    .refine((l) => new Set(l).size === l.length, { message: 'IDS_REPEATED' }),
  /** One of the team's active bases (its place becomes the agent's start); left out keeps the agent's place. */
  baseId: id.optional(),
  maxVisitsPerDay: int({ min: 1, max: 30 }),
  /** The colleague generated crews pair this agent with when both are on shift: same team, not the agent. */
  preferredPartnerId: id.optional(),
  active: z.boolean(),
};

/** A credential valid from one date to another: the end before the start is refused on the end's field. */
const credentialOrder = <T extends { credentialValidFrom: string; credentialValidTo: string }>(f: T) =>
  f.credentialValidFrom <= f.credentialValidTo;
const reversed = { path: ['credentialValidTo'], message: 'PERIOD_REVERSED' };

export const createAgentInput = z.object({ teamId: id, ...agentFields }).refine(credentialOrder, reversed);
export type CreateAgentInput = z.infer<typeof createAgentInput>;

/**
 * Changes an agent (the team stays). `confirm`: the admin saw the visits a deactivation or a shortened credential
 * takes off their crews and wants them back in the tray; without it such a change is refused with the list.
 */
export const updateAgentInput = z
  .object({ agentId: id, ...agentFields, confirm: z.boolean().default(false) })
  .refine(credentialOrder, reversed);
export type UpdateAgentInput = z.infer<typeof updateAgentInput>;

/** A badge photo is a face, not evidence: small (checked on the bytes by agent-photo.ts). */
export const AGENT_PHOTO_MAX_BYTES = 2_000_000;

/** An agent's ID photo as base64 (4/3 larger than the bytes). */
export const setAgentPhotoInput = z.object({
  idempotencyKey,
  agentId: id,
  mimeType: pattern(/^image\/[\w.+-]+$/, { max: 100, message: 'MIME_TYPE_FORMAT', example: 'image/jpeg' }),
  dataBase64: base64(Math.ceil((AGENT_PHOTO_MAX_BYTES * 4) / 3) + 4),
});
export type SetAgentPhotoInput = z.infer<typeof setAgentPhotoInput>;
