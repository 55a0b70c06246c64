import { z } from 'zod';
import { ROLES } from '../domain/constants';
import { newPassword } from './auth';
import { id, idempotencyKey, ids, pattern, text } from './common';

export const createUserInput = z.object({
  idempotencyKey,
  username: pattern(/^[a-zA-Z0-9._-]+$/, { min: 3, max: 32, message: 'USERNAME_FORMAT', example: 'fuzz.user' }),
  displayName: text({ min: 1, max: 64 }),
  password: newPassword,
  role: z.enum(ROLES),
  teamIds: ids({ max: 20 }).default([]),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

/** A temporary password for a user who lost theirs; they must replace it at their next sign-in. */
export const resetPasswordInput = z.object({ idempotencyKey, userId: id, password: newPassword });
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;

/**
 * Where a team's borrowers complain: a phone number, an https web address, or both (the service refuses
 * neither). Shown on the slot link and the badge check.
 */
export const setComplaintChannelInput = z.object({
  teamId: id,
  phone: pattern(/^\+?[0-9][0-9 ()-]{2,38}[0-9]$/, {
    max: 40,
    message: 'PHONE_FORMAT',
    example: '400-820-1234',
  }).optional(),
  url: pattern(/^https:\/\/[^\s"'<>\\]+$/, {
    max: 300,
    message: 'URL_FORMAT',
    example: 'https://kefu.lender.cn/complaints',
  }).optional(),
});
export type SetComplaintChannelInput = z.infer<typeof setComplaintChannelInput>;

export const setUserActiveInput = z.object({ userId: id, active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;
