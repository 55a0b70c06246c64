import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { readBase64 } from '../../lib/read-base64';
import { useTRPCClient } from '../../lib/trpc';
import type { QueuedAction } from './offline-queue';
import { earlyErrors, type OutcomeDraft, outcomeInput } from './outcome-draft';
import type { FieldStop } from './route-state';
import { dismiss, enqueue, newClientId } from './sync-store';

// Draft fields whose errors come back under the server's input names.
const ERROR_FIELDS: Record<string, string[]> = {
  amount: ['promisedAmountCents', 'plan'],
  rows: ['plan'],
  usePlan: ['plan', 'promisedDate'],
  files: ['signedCommitment', 'recordingRef'],
};

/** Validates the draft, queues its files and the outcome (each with its own client id) and sends them. */
export function useSubmitOutcome(stop: FieldStop, onDone: () => void) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const [pending, setPending] = useState(false);

  async function run(d: OutcomeDraft, _today: string) {
    const early = earlyErrors(d, stop, currentLanguage(), t);
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
      const clientId = newClientId();
      const action: QueuedAction & { visitId: string } = {
        kind: 'outcome',
        visitId: stop.id,
        input: outcomeInput(d, stop, { clientId, attachmentClientIds, recordedAt: new Date().toISOString() }),
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

export {
  blankDraft,
  draftFrom,
  type EvidenceKind,
  kindOfFile,
  type OutcomeDraft,
  type RecordedOutcome,
} from './outcome-draft';
