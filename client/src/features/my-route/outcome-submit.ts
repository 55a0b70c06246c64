import type { OutcomeCode } from '@shared/domain/constants';
import { ATTITUDES, NEXT_ACTIONS } from '@shared/schemas/field';
import { addDays } from '@shared/time';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RouterOutputs, useTRPCClient } from '../../lib/trpc';
import type { QueuedAction } from './offline-queue';
import { PLAN_CHANNELS, type PlanRow, toCents } from './plan-builder';
import { type FieldStop, isCorrection } from './route-state';
import { dismiss, enqueue, newClientId } from './sync-store';

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

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

// Draft fields whose errors come back under the server's input names.
const ERROR_FIELDS: Record<string, string[]> = {
  amount: ['promisedAmountCents', 'plan'],
  rows: ['plan'],
  usePlan: ['plan', 'promisedDate'],
  files: ['signedCommitment', 'recordingRef'],
};

/** What the phone can check before anything is sent (the server checks the same again). */
function earlyErrors(d: OutcomeDraft, t: TFunction, correcting: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  if (correcting && d.correctionReason.trim().length < 3)
    e.correctionReason = t('field.outcome.errors.correctionReason');
  if (!d.idShown) e.idShown = t('field.outcome.errors.idShown');
  if (!d.code) e.code = t('field.outcome.errors.code');
  const promise = d.code === 'promise_to_pay' || d.code === 'repayment_plan_agreed' || d.code === 'partial_payment';
  if (promise && !d.amount) e.promisedAmountCents = t('field.outcome.errors.amount');
  if (promise && d.usePlan) {
    const sum = d.rows.reduce((s, r) => s + toCents(r.amount), 0);
    if (d.rows.length === 0 || d.rows.some((r) => !r.amount || !r.dueDate)) e.plan = t('field.outcome.errors.planRows');
    else if (sum !== toCents(d.amount)) e.plan = t('field.outcome.errors.planSum');
  }
  if (d.code === 'repayment_plan_agreed' && !d.usePlan) e.plan = t('field.outcome.errors.planRows');
  const pictures = [...d.files, ...d.kept.filter((f) => !d.removed.includes(f.id))];
  if (d.signedCommitment && !pictures.some((f) => f.kind === 'document' || f.kind === 'photo')) {
    e.signedCommitment = t('field.outcome.errors.signed');
  }
  return e;
}

/** Validates the draft, queues its files and the outcome (each with its own client id) and sends them. */
export function useSubmitOutcome(stop: FieldStop, onDone: () => void) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const [pending, setPending] = useState(false);

  async function run(d: OutcomeDraft, _today: string) {
    const correcting = isCorrection(stop);
    const early = earlyErrors(d, t, correcting);
    setErrors(early);
    if (Object.keys(early).length) {
      setMessage(t('field.outcome.errors.check'));
      return;
    }
    setPending(true);
    try {
      const attachmentClientIds: string[] = [];
      for (const f of d.files) {
        // The id given when the file was picked: a second tap on save re-sends the same file, never a copy.
        const clientId = f.id;
        const input = {
          visitId: stop.id,
          clientId,
          kind: f.kind,
          mimeType: f.file.type || 'application/octet-stream',
          dataBase64: await readBase64(f.file),
        };
        await enqueue(client, { kind: 'attachment', visitId: stop.id, input }, clientId);
        attachmentClientIds.push(clientId);
      }
      const promise = d.code === 'promise_to_pay' || d.code === 'repayment_plan_agreed' || d.code === 'partial_payment';
      const clientId = newClientId();
      const action: QueuedAction & { visitId: string } = {
        kind: 'outcome',
        visitId: stop.id,
        input: {
          visitId: stop.id,
          clientId,
          code: d.code as OutcomeCode,
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
          attachmentClientIds,
          correctionReason: correcting ? d.correctionReason.trim() : undefined,
          removedAttachmentIds: correcting && d.removed.length > 0 ? d.removed : undefined,
          // The version on screen: if someone corrected it meanwhile the server refuses (OUTCOME_CHANGED).
          correctsVersion: correcting ? (stop.outcomeVersion ?? undefined) : undefined,
          // When the agent saved it: a record sent later from the offline queue keeps its real time.
          recordedAt: new Date().toISOString(),
        },
      };
      const result = await enqueue(client, action, clientId);
      if (result.state === 'failed') {
        // The form shows the reason next to the fields; the refused copy need not wait in the queue.
        await dismiss(clientId);
        setErrors(result.fieldErrors);
        setMessage(result.error);
      } else if (result.state === 'queued') {
        setQueued(true);
        onDone();
      } else {
        onDone();
      }
    } finally {
      setPending(false);
    }
  }

  /** Drops the errors of the fields just edited (a draft key may answer for a differently named input). */
  function clearErrors(keys: string[]) {
    const names = keys.flatMap((k) => ERROR_FIELDS[k] ?? [k]);
    setErrors((prev) =>
      names.some((n) => n in prev)
        ? Object.fromEntries(Object.entries(prev).filter(([k]) => !names.includes(k)))
        : prev,
    );
  }

  return { run, errors, message, queued, pending, clearErrors };
}
