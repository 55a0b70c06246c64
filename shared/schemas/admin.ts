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

export const setUserActiveInput = z.object({ userId: id, active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;

export const agentsInput = z.object({ teamId: id.optional() });
export type AgentsInput = z.infer<typeof agentsInput>;
