import type { RouterOutputs } from '../../lib/trpc';

type TimelineData = RouterOutputs['reports']['timeline'];
export type TimelineEvent = TimelineData['events'][number];
