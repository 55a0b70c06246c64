import { z } from 'zod';
import { idempotencyKey } from './common';

/** A new private calendar address for the signed-in agent (the previous one stops working). */
export const createFeedInput = z.object({ idempotencyKey });
export type CreateFeedInput = z.infer<typeof createFeedInput>;

/** Revokes the signed-in agent's live calendar address. */
export const revokeFeedInput = z.object({ idempotencyKey });
export type RevokeFeedInput = z.infer<typeof revokeFeedInput>;
