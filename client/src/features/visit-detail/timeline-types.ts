import type { RouterOutputs } from '../../lib/trpc';

export type TimelineData = RouterOutputs['reports']['timeline'];
export type TimelineEvent = TimelineData['events'][number];
