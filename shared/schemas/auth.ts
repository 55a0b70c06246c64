import { z } from 'zod';
import { text } from './blocks';

export const loginInput = z.object({
  username: text({ min: 1, max: 64 }),
  password: text({ min: 1, max: 256, trim: false }),
});
export type LoginInput = z.infer<typeof loginInput>;

/** A password a person chooses (or an admin sets for a first sign-in): long enough to resist guessing. */
export const newPassword = text({ min: 10, max: 256, trim: false });

/** The signed-in user replaces their password (required after an admin set it). */
export const changePasswordInput = z.object({
  currentPassword: text({ min: 1, max: 256, trim: false }),
  newPassword,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
