import { z } from 'zod';
import { text } from './blocks';

export const loginInput = z.object({
  username: text({ min: 1, max: 64 }),
  password: text({ min: 1, max: 256, trim: false }),
});
export type LoginInput = z.infer<typeof loginInput>;
