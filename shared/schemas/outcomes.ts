import { z } from 'zod';
import { id, int } from './common';

export const recentOutcomesInput = z.object({
  teamId: id.optional(),
  limit: int({ min: 1, max: 500 }).default(100),
});
export type RecentOutcomesInput = z.infer<typeof recentOutcomesInput>;
