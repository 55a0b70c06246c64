import { z } from 'zod';
import { ROLES } from '../domain/constants';
import { idempotencyKey } from './common';

export const createUserInput = z.object({
  idempotencyKey,
  username: z
    .string()
    .trim()
    .min(3)
    .max(32)
    .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash or underscore only'),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(10).max(256),
  role: z.enum(ROLES),
  teamIds: z.array(z.uuid()).max(20).default([]),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const setUserActiveInput = z.object({ userId: z.uuid(), active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;

export const agentsInput = z.object({ teamId: z.uuid().optional() });
export type AgentsInput = z.infer<typeof agentsInput>;
