import type { OutcomeCode } from '@shared/domain/constants';
import type { Locale } from '@shared/errors';
import { ATTITUDES, NEXT_ACTIONS, type RecordOutcomeInput, recordOutcomeInput } from '@shared/schemas/field';
import { addDays } from '@shared/time';
import { checkInput } from '@shared/validation-messages';
import type { TFunction } from 'i18next';
import type { RouterOutputs } from '../../lib/trpc';
import type { PlanRow } from './plan-builder';
import { type FieldStop, isCorrection } from './route-state';

/** How an instalment may be paid. */
export const PLAN_CHANNELS = ['bank_transfer', 'alipay', 'wechat_pay', 'counter'] as const;

/** Yuan as typed (or empty) to cents. */
export const toCents = (yuan: number | '') => (yuan === '' ? 0 : Math.round(yuan * 100));

export type EvidenceKind = 'photo' | 'audio' | 'video' | 'document';

/**
 * What a picked file is, from its type rather than from the button used: a picture picked under "Attach audio"
 * is a photo (a signed document when the commitment is signed), so its label and declared kind stay true.
 */
export function kindOfFile(file: File, wanted: EvidenceKind): EvidenceKind {
  const type = file.type.split('/')[0];
  if (type === 'image') return wanted === 'document' ? 'document' : 'photo';
  if (type === 'audio') return 'audio';
  if (type === 'video') return 'video';
  if (file.type === 'application/pdf') return 'document';
  return wanted;
}

export interface OutcomeDraft {
  idShown: boolean;
  recordingMade: boolean;
  recordingRef: string;
  identityVerified: boolean;
  borrowerPresent: boolean;
  code: OutcomeCode | null;
  attitude: (typeof ATTITUDES)[number] | null;
  notes: string;
  amount: number | '';
  promisedDate: string;
  usePlan: boolean;
  channel: string;
  rows: PlanRow[];
  assetsObserved: string;
  signedCommitment: boolean;
  files: Array<{ id: string; kind: EvidenceKind; file: File }>;
  /** A correction: the files of the version it corrects, carried over by reference unless removed. */
  kept: RecordedOutcome['attachments'];
  /** Ids of carried-over files the agent removed on purpose (sent as removedAttachmentIds, audited). */
  removed: string[];
  nextAction: (typeof NEXT_ACTIONS)[number];
  /** Why a recorded outcome is corrected (only for a correction). */
  correctionReason: string;
}

/** An empty outcome: nothing recorded yet, a promise date a week out. */
export function blankDraft(today: string): OutcomeDraft {
  return {
    idShown: false,
    recordingMade: false,
    recordingRef: '',
    identityVerified: false,
    borrowerPresent: true,
    code: null,
    attitude: null,
    notes: '',
    amount: '',
    promisedDate: addDays(today, 7),
    usePlan: false,
    channel: PLAN_CHANNELS[0],
    rows: [],
    assetsObserved: '',
    signedCommitment: false,
    files: [],
    kept: [],
    removed: [],
    nextAction: 'none',
    correctionReason: '',
  };
}

/** An outcome version as the server lists it (the fields a correction starts from). */
export type RecordedOutcome = RouterOutputs['field']['outcomeVersions'][number];

/**
 * The draft a correction starts from: the recorded version's answers (recording, signed commitment, assets
 * included) and its files, carried over by reference, so the agent changes only what was wrong.
 */
export function draftFrom(v: RecordedOutcome, blank: OutcomeDraft): OutcomeDraft {
  return {
    ...blank,
    code: v.code,
    idShown: v.idShown,
    recordingMade: v.recordingMade,
    recordingRef: v.recordingRef ?? '',
    signedCommitment: v.signedCommitment,
    assetsObserved: v.assetsObserved ?? '',
    kept: v.attachments,
    removed: [],
    identityVerified: v.identityVerified,
    borrowerPresent: v.borrowerPresent,
    attitude: ATTITUDES.find((a) => a === v.attitude) ?? null,
    notes: v.notes ?? '',
    amount: v.promisedAmountCents === null ? '' : v.promisedAmountCents / 100,
    promisedDate: v.promisedDate ?? blank.promisedDate,
    usePlan: v.instalments.length > 0,
    rows: v.instalments.map((i) => ({ dueDate: i.dueDate, amount: i.amountCents / 100 })),
    nextAction: NEXT_ACTIONS.find((a) => a === v.nextAction) ?? 'none',
  };
}

/** The outcome as it is queued and sent: attachments named by client id until the queue has uploaded them. */
type QueuedOutcomeInput = Omit<RecordOutcomeInput, 'attachmentIds'> & { attachmentClientIds: string[] };

const PROMISE_CODES: readonly (OutcomeCode | null)[] = ['promise_to_pay', 'repayment_plan_agreed', 'partial_payment'];

/** The draft as the server's input: only what the chosen outcome asks for, trimmed, money in cents. */
export function outcomeInput(
  d: OutcomeDraft,
  stop: Pick<FieldStop, 'id' | 'status' | 'outcomeCode' | 'outcomeVersion'>,
  sent: { clientId: string; attachmentClientIds: string[]; recordedAt: string },
): QueuedOutcomeInput {
  const correcting = isCorrection(stop as FieldStop);
  const promise = PROMISE_CODES.includes(d.code);
  return {
    visitId: stop.id,
    clientId: sent.clientId,
    // No choice yet is sent as absent, so the schema calls it missing rather than not one of the options.
    code: (d.code ?? undefined) as OutcomeCode,
    idShown: d.idShown,
    recordingMade: d.recordingMade,
    recordingRef: d.recordingRef.trim() || undefined,
    identityVerified: d.identityVerified,
    borrowerPresent: d.borrowerPresent,
    attitude: d.attitude ?? undefined,
    notes: d.notes.trim() || undefined,
    promisedAmountCents: promise && d.amount ? toCents(d.amount) : undefined,
    promisedDate: promise && !d.usePlan ? d.promisedDate : undefined,
    plan:
      promise && d.usePlan
        ? {
            channel: d.channel,
            instalments: d.rows.map((r) => ({ dueDate: r.dueDate, amountCents: toCents(r.amount) })),
          }
        : undefined,
    assetsObserved: d.assetsObserved.trim() || undefined,
    signedCommitment: d.signedCommitment,
    nextAction: d.nextAction,
    attachmentClientIds: sent.attachmentClientIds,
    correctionReason: correcting ? d.correctionReason.trim() : undefined,
    removedAttachmentIds: correcting && d.removed.length > 0 ? d.removed : undefined,
    // The version on screen: if someone corrected it meanwhile the server refuses (OUTCOME_CHANGED).
    correctsVersion: correcting ? (stop.outcomeVersion ?? undefined) : undefined,
    // When the agent saved it: a record sent later from the offline queue keeps its real time.
    recordedAt: sent.recordedAt,
  };
}

// Stands in for what is only known when the outcome is sent; the schema checks just their form.
const PROBE = {
  clientId: '00000000-0000-4000-8000-000000000000',
  attachmentClientIds: [],
  recordedAt: '2000-01-01T00:00:00.000Z',
};

/**
 * What the phone can check before anything is sent, in the server's words: the shared schema
 * (recordOutcomeInput, the same parse the server runs) and the outcome rules of outcome.write.ts that need no
 * database. A message is keyed by the top-level field the form shows it under.
 */
export function earlyErrors(
  d: OutcomeDraft,
  stop: Pick<FieldStop, 'id' | 'status' | 'outcomeCode' | 'outcomeVersion'>,
  locale: Locale,
  t: TFunction,
): Record<string, string> {
  const e: Record<string, string> = {};
  if (isCorrection(stop as FieldStop) && d.correctionReason.trim().length < 3)
    e.correctionReason = t('field.outcome.errors.correctionReason');
  if (!d.idShown) e.idShown = t('field.outcome.errors.idShown');
  const { attachmentClientIds: _, ...input } = outcomeInput(d, stop, PROBE);
  const refusal = checkInput(recordOutcomeInput, { ...input, attachmentIds: [] }, locale);
  for (const [path, message] of Object.entries(refusal?.fieldErrors ?? {})) {
    e[path.split('.')[0] ?? path] ??= message;
  }
  if (!e.plan && input.plan && input.promisedAmountCents !== undefined) {
    const sum = input.plan.instalments.reduce((s, i) => s + i.amountCents, 0);
    if (sum !== input.promisedAmountCents) e.plan = t('field.outcome.errors.planSum');
  }
  const pictures = [...d.files, ...d.kept.filter((f) => !d.removed.includes(f.id))];
  if (d.signedCommitment && !pictures.some((f) => f.kind === 'document' || f.kind === 'photo')) {
    e.signedCommitment = t('field.outcome.errors.signed');
  }
  return e;
}
