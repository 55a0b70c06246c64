import { z } from 'zod';
import { OUTCOME_CODES } from '../domain/constants';
import type { FIELD_ERRORS } from '../error-defs/field';
import {
  base64,
  cents,
  id,
  idempotencyKey,
  ids,
  instant,
  isoDate,
  number,
  opaque,
  pattern,
  requestKey,
  text,
  version,
} from './common';

/** A client-generated id (UUID) that makes an offline-queued record safe to replay. */
export const clientId = requestKey;

const lat = number({ min: -90, max: 90 });
const lng = number({ min: -180, max: 180 });

/**
 * Mark a visit en route (the crew is on the way); `version` is the visit version the phone last saw, `at` when
 * the agent tapped "On my way" (an offline tap keeps its real time).
 */
export const enRouteInput = z.object({
  visitId: id,
  version,
  clientId,
  at: instant.optional(),
});
export type EnRouteInput = z.infer<typeof enRouteInput>;

/** Arrival on site: when (recorded on the phone, so an offline check-in keeps its real time) and where. */
export const checkInInput = z.object({
  visitId: id,
  version,
  clientId,
  at: instant,
  lat,
  lng,
  accuracyM: number({ min: 0, max: 100_000 }).optional(),
});
export type CheckInInput = z.infer<typeof checkInInput>;

export const visitIdInput = z.object({ visitId: id });
export type VisitIdInput = z.infer<typeof visitIdInput>;

/**
 * The borrower types or scans the 6-character badge code; case-insensitive, ambiguous letters excluded. A scanned
 * QR also carries the server's signature of the badge (`s`), which the check compares.
 */
export const verifyInput = z.object({
  code: pattern(/^[A-Z2-9]{6}$/, { max: 20, message: 'BADGE_CODE_FORMAT', example: 'ABC234', upperCase: true }),
  s: opaque(100).optional(),
});
export type VerifyInput = z.infer<typeof verifyInput>;

const instalmentInput = z.object({ dueDate: isoDate, amountCents: cents });

const repaymentPlanInput = z.object({
  channel: text({ min: 1, max: 60 }),
  instalments: z.array(instalmentInput).min(1).max(36),
});

/** A rule of the outcome schema names its message by code (shared/error-defs/field.ts), in the caller's language. */
type FieldErrorCode = keyof typeof FIELD_ERRORS;

export const ATTITUDES = ['cooperative', 'neutral', 'evasive', 'hostile'] as const;
export const NEXT_ACTIONS = ['none', 'follow_up_visit', 'phone_follow_up', 'hardship_review', 'legal_review'] as const;

/** One outcome version. A correction names the version it corrects and why. */
export const recordOutcomeInput = z
  .object({
    visitId: id,
    clientId,
    code: z.enum(OUTCOME_CODES),
    idShown: z.boolean(),
    recordingMade: z.boolean().default(false),
    recordingRef: text({ max: 200 }).optional(),
    identityVerified: z.boolean().default(false),
    borrowerPresent: z.boolean().default(false),
    attitude: z.enum(ATTITUDES).optional(),
    notes: text({ max: 4000, multiline: true }).optional(),
    promisedAmountCents: cents.optional(),
    promisedDate: isoDate.optional(),
    plan: repaymentPlanInput.optional(),
    assetsObserved: text({ max: 2000, multiline: true }).optional(),
    signedCommitment: z.boolean().default(false),
    attachmentIds: ids({ max: 20 }).default([]),
    nextAction: z.enum(NEXT_ACTIONS).default('none'),
    correctionReason: text({ min: 3, max: 500, multiline: true }).optional(),
    /** The version a correction corrects, as the phone last saw it: a newer one refuses it (OUTCOME_CHANGED). */
    correctsVersion: version.optional(),
    /**
     * Files of the corrected version the agent removed on purpose; every other file of that version carries over
     * to the correction by reference.
     */
    removedAttachmentIds: ids({ max: 20 }).optional(),
    /** When the agent saved the outcome on the phone (an offline record keeps its real time). */
    recordedAt: instant.optional(),
  })
  .superRefine((v, ctx) => {
    const needsPromise = v.code === 'promise_to_pay' || v.code === 'repayment_plan_agreed';
    if (needsPromise && v.promisedAmountCents === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['promisedAmountCents'],
        message: 'PROMISED_AMOUNT_REQUIRED' satisfies FieldErrorCode,
      });
    }
    if (v.code === 'promise_to_pay' && !v.plan && !v.promisedDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['promisedDate'],
        message: 'PROMISED_DATE_REQUIRED' satisfies FieldErrorCode,
      });
    }
    if (v.code === 'repayment_plan_agreed' && !v.plan) {
      ctx.addIssue({ code: 'custom', path: ['plan'], message: 'PLAN_REQUIRED' satisfies FieldErrorCode });
    }
    if (v.plan && v.promisedAmountCents === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['promisedAmountCents'],
        message: 'PLAN_TOTAL_REQUIRED' satisfies FieldErrorCode,
      });
    }
  });
export type RecordOutcomeInput = z.infer<typeof recordOutcomeInput>;

export const ATTACHMENT_KINDS = ['photo', 'audio', 'video', 'document'] as const;
/** 5 MB of file as base64 (4/3 larger) — the body limit of the HTTP server. */
export const MAX_ATTACHMENT_BYTES = 3_500_000;

export const uploadAttachmentInput = z.object({
  visitId: id,
  clientId,
  kind: z.enum(ATTACHMENT_KINDS),
  mimeType: pattern(/^(image|audio|video|application)\/[\w.+-]+$/, {
    max: 100,
    message: 'MIME_TYPE_FORMAT',
    example: 'image/png',
  }),
  dataBase64: base64(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
});
export type UploadAttachmentInput = z.infer<typeof uploadAttachmentInput>;

/** A dispatcher's list of field records kept as conflicts: a team's open ones (or all) of a day or of every day. */
export const listFieldConflictsInput = z.object({
  teamId: id,
  date: isoDate.optional(),
  status: z.enum(['open', 'all']).default('open'),
});
export type ListFieldConflictsInput = z.infer<typeof listFieldConflictsInput>;

/** Accept a kept record onto its visit, or dismiss it with a note saying why. */
export const resolveFieldConflictInput = z.object({
  conflictId: id,
  decision: z.enum(['accept', 'dismiss']),
  note: text({ min: 3, max: 500, multiline: true }).optional(),
  idempotencyKey,
});
export type ResolveFieldConflictInput = z.infer<typeof resolveFieldConflictInput>;
