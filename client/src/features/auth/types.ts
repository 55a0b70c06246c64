import type { RouterOutputs } from '../../lib/trpc';

/** The signed-in user as the server describes it. */
export type MeDto = NonNullable<RouterOutputs['auth']['me']>;
