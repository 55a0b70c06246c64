import { z } from 'zod';
import { OUTCOME_CODES } from '../domain/constants';
import { isoDate } from './common';

/** A client-generated id (UUID) that makes an offline-queued record safe to replay. */
export const clientId = z.string().min(8).max(100);

const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);

/** Mark a visit en route (the crew is on the way); `version` is the visit version the phone last saw. */
export const enRouteInput = z.object({
  visitId: z.uuid(),
  version: z.number().int().positive(),
  clientId,
});
export type EnRouteInput = z.infer<typeof enRouteInput>;

/** Arrival on site: when (recorded on the phone, so an offline check-in keeps its real time) and where. */
export const checkInInput = z.object({
  visitId: z.uuid(),
  version: z.number().int().positive(),
  clientId,
  at: z.iso.datetime({ offset: true }),
  lat,
  lng,
  accuracyM: z.number().min(0).max(100_000).optional(),
});
export type CheckInInput = z.infer<typeof checkInInput>;

export const visitIdInput = z.object({ visitId: z.uuid() });
export type VisitIdInput = z.infer<typeof visitIdInput>;

/** The borrower types or scans the 6-character badge code; case-insensitive, ambiguous letters excluded. */
export const verifyInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z2-9]{6}$/, 'must be the 6-character code shown on the badge'),
});
export type VerifyInput = z.infer<typeof verifyInput>;

const cents = z.number().int().positive().max(1_000_000_000);

export const instalmentInput = z.object({ dueDate: isoDate, amountCents: cents });

export const repaymentPlanInput = z.object({
  channel: z.string().trim().min(1).max(60),
  instalments: z.array(instalmentInput).min(1).max(36),
});

export const ATTITUDES = ['cooperative', 'neutral', 'evasive', 'hostile'] as const;
export const NEXT_ACTIONS = ['none', 'follow_up_visit', 'phone_follow_up', 'hardship_review', 'legal_review'] as const;

/** One outcome version. A correction names the version it corrects and why. */
export const recordOutcomeInput = z
  .object({
    visitId: z.uuid(),
    clientId,
    code: z.enum(OUTCOME_CODES),
    idShown: z.boolean(),
    recordingMade: z.boolean().default(false),
    recordingRef: z.string().trim().max(200).optional(),
    identityVerified: z.boolean().default(false),
    borrowerPresent: z.boolean().default(false),
    attitude: z.enum(ATTITUDES).optional(),
    notes: z.string().trim().max(4000).optional(),
    promisedAmountCents: cents.optional(),
    promisedDate: isoDate.optional(),
    plan: repaymentPlanInput.optional(),
    assetsObserved: z.string().trim().max(2000).optional(),
    signedCommitment: z.boolean().default(false),
    attachmentIds: z.array(z.uuid()).max(20).default([]),
    nextAction: z.enum(NEXT_ACTIONS).default('none'),
    correctionReason: z.string().trim().min(3).max(500).optional(),
  })
  .superRefine((v, ctx) => {
    const needsPromise = v.code === 'promise_to_pay' || v.code === 'repayment_plan_agreed';
    if (needsPromise && v.promisedAmountCents === undefined) {
      ctx.addIssue({ code: 'custom', path: ['promisedAmountCents'], message: 'enter the promised amount' });
    }
    if (v.code === 'promise_to_pay' && !v.plan && !v.promisedDate) {
      ctx.addIssue({ code: 'custom', path: ['promisedDate'], message: 'enter the promised date or a plan' });
    }
    if (v.code === 'repayment_plan_agreed' && !v.plan) {
      ctx.addIssue({ code: 'custom', path: ['plan'], message: 'add the instalments of the plan' });
    }
    if (v.plan && v.promisedAmountCents === undefined) {
      ctx.addIssue({ code: 'custom', path: ['promisedAmountCents'], message: 'a plan needs the promised total' });
    }
  });
export type RecordOutcomeInput = z.infer<typeof recordOutcomeInput>;

export const ATTACHMENT_KINDS = ['photo', 'audio', 'video', 'document'] as const;
/** 5 MB of file as base64 (4/3 larger) — the body limit of the HTTP server. */
export const MAX_ATTACHMENT_BYTES = 3_500_000;

export const uploadAttachmentInput = z.object({
  visitId: z.uuid(),
  clientId,
  kind: z.enum(ATTACHMENT_KINDS),
  mimeType: z.string().regex(/^(image|audio|video|application)\/[\w.+-]+$/, 'must be a file type such as image/jpeg'),
  dataBase64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
});
export type UploadAttachmentInput = z.infer<typeof uploadAttachmentInput>;
