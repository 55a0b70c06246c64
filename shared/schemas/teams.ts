/** Inputs of setting up teams, their effective-dated policy and their bases (SPEC §8.2). */
import { z } from 'zod';
import { JURISDICTIONS } from '../domain/constants';
import { DEFAULT_POLICY } from '../domain/policy-defaults';
import { calendarDate, id, idempotencyKey, int, number, pattern, text } from './common';

/** A time of day as HH:MM (seconds, if sent, must be :00). */
export const timeOfDay = pattern(/^([01]\d|2[0-3]):[0-5]\d(:00)?$/, {
  max: 8,
  message: 'TIME_FORMAT',
  example: '08:00',
});

/** A team's short code, stored upper-case (unique regardless of case). */
export const teamCode = pattern(/^[A-Z][A-Z0-9-]{1,15}$/, {
  min: 2,
  max: 16,
  message: 'TEAM_CODE_FORMAT',
  example: 'SH01',
  upperCase: true,
});

/** An IANA zone name by shape; the service checks the zone exists (TEAM_TIME_ZONE_UNKNOWN on the field). */
export const timeZoneName = pattern(/^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/, {
  max: 64,
  message: 'TIME_ZONE_FORMAT',
  example: 'Asia/Shanghai',
});

const tag = text({ min: 1, max: 40 });

/** The dated part of a team's policy: what applies from `effectiveFrom` on. */
export const policyFields = z.object({
  effectiveFrom: calendarDate,
  jurisdiction: z.enum(JURISDICTIONS),
  allowedStart: timeOfDay,
  allowedEnd: timeOfDay,
  frequencyCap: int({ min: 1, max: 50 }),
  minNoticeMinutes: int({ min: 0, max: 14 * 24 * 60 }),
  twoPersonRule: z.boolean(),
  slotMinutes: int({ min: 15, max: 240 }),
  visitsPerCrewSlot: int({ min: 1, max: 20 }),
  negotiationMinutes: int({ min: 5, max: 480 }),
  verificationMinutes: int({ min: 5, max: 480 }),
  crewRequiredSkills: z.array(tag).max(10, 'LIST_TOO_LONG').default([]),
  crewRequiredLanguages: z.array(tag).max(10, 'LIST_TOO_LONG').default([]),
  contactCapPerDay: int({ min: 1, max: 20 }).default(DEFAULT_POLICY.contactCapPerDay),
  messagesShowAmount: z.boolean().default(DEFAULT_POLICY.messagesShowAmount),
});
export type PolicyFields = z.infer<typeof policyFields>;

const teamFields = {
  name: text({ min: 1, max: 64 }),
  code: teamCode,
  city: text({ min: 1, max: 64 }),
  timeZone: timeZoneName,
};

/** A new team with its first policy (effective from the start: nothing of the team exists before it). */
export const createTeamInput = z.object({
  idempotencyKey,
  ...teamFields,
  policy: policyFields.omit({ effectiveFrom: true }),
});
export type CreateTeamInput = z.infer<typeof createTeamInput>;

/**
 * A team's name, code, city and zone (not dated), and how far (km) beyond its bases' bounding box its region
 * reaches (imported addresses outside it are refused; absent: unchanged).
 */
export const updateTeamInput = z.object({
  idempotencyKey,
  teamId: id,
  ...teamFields,
  regionMarginKm: int({ min: 0, max: 1000 }).optional(),
});
export type UpdateTeamInput = z.infer<typeof updateTeamInput>;

/** A policy version from `effectiveFrom` (today or later in the team's zone). */
export const setTeamPolicyInput = z.object({ idempotencyKey, teamId: id, policy: policyFields });
export type SetTeamPolicyInput = z.infer<typeof setTeamPolicyInput>;

export const teamIdInput = z.object({ teamId: id });
export type TeamIdInput = z.infer<typeof teamIdInput>;

const baseFields = {
  name: text({ min: 1, max: 64 }),
  address: text({ max: 200 }).optional(),
  lat: number({ min: -90, max: 90 }),
  lng: number({ min: -180, max: 180 }),
};

export const createBaseInput = z.object({ idempotencyKey, teamId: id, ...baseFields });
export type CreateBaseInput = z.infer<typeof createBaseInput>;

export const updateBaseInput = z.object({ idempotencyKey, baseId: id, ...baseFields });
export type UpdateBaseInput = z.infer<typeof updateBaseInput>;

export const setBaseActiveInput = z.object({ idempotencyKey, baseId: id, active: z.boolean() });
export type SetBaseActiveInput = z.infer<typeof setBaseActiveInput>;
