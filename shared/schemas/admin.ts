import { z } from 'zod';
import { ROLES } from '../domain/constants';
import { id, idempotencyKey, ids, pattern, text } from './common';

export const createUserInput = z.object({
  idempotencyKey,
  username: pattern(/^[a-zA-Z0-9._-]+$/, { min: 3, max: 32, message: 'USERNAME_FORMAT', example: 'fuzz.user' }),
  displayName: text({ min: 1, max: 64 }),
  password: text({ min: 10, max: 256, trim: false }),
  role: z.enum(ROLES),
  teamIds: ids({ max: 20 }).default([]),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const setUserActiveInput = z.object({ userId: id, active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;

export const agentsInput = z.object({ teamId: id.optional() });
export type AgentsInput = z.infer<typeof agentsInput>;
