import { z } from 'zod';

export const recentOutcomesInput = z.object({
  teamId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type RecentOutcomesInput = z.infer<typeof recentOutcomesInput>;
