import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AffectedVisit, affectedVisitsOf } from '../../components/affected-visits-dialog';
import { errorInfo, useTRPC, useTRPCClient } from '../../lib/trpc';

type Edit =
  | { kind: 'swap'; input: { crewId: string; agentId: string; otherCrewId: string; otherAgentId: string } }
  | { kind: 'split'; input: { crewId: string } }
  | { kind: 'merge'; input: { crewId: string; otherCrewId: string } }
  | { kind: 'rename'; input: { crewId: string; name: string } };

/**
 * Runs a hand edit of the crews. A refusal listing the planned visits it would take off their crews opens the
 * affected-visits dialog; confirming sends the same edit again with `confirm` (and a new idempotency key, since
 * the request changed). Other refusals are shown as the server worded them.
 */
export function useCrewEdit() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<{ edit: Edit; visits: AffectedVisit[] } | null>(null);

  const send = (edit: Edit, confirm: boolean) => {
    const idempotencyKey = crypto.randomUUID();
    switch (edit.kind) {
      case 'swap':
        return client.crews.swap.mutate({ ...edit.input, confirm, idempotencyKey });
      case 'split':
        return client.crews.split.mutate({ ...edit.input, confirm, idempotencyKey });
      case 'merge':
        return client.crews.merge.mutate({ ...edit.input, confirm, idempotencyKey });
      case 'rename':
        return client.crews.rename.mutate({ ...edit.input, idempotencyKey });
    }
  };

  const run = async (edit: Edit, confirm = false): Promise<boolean> => {
    setBusy(true);
    setFieldErrors({});
    try {
      const out = await send(edit, confirm);
      setPending(null);
      notifications.show({
        color: 'teal',
        message:
          out.released.length > 0
            ? `${t('crews.done.edit')} ${t('crews.done.released', { count: out.released.length })}`
            : t('crews.done.edit'),
      });
      await queryClient.invalidateQueries({ queryKey: trpc.crews.day.queryKey() });
      return true;
    } catch (error) {
      const affected = affectedVisitsOf(error);
      if (affected) setPending({ edit, visits: affected });
      else {
        const info = errorInfo(error);
        setFieldErrors(info.fieldErrors);
        notifications.show({ color: 'red', message: info.message, autoClose: 8000 });
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    run,
    /** The last refusal's messages per field (a crew name taken that day). */
    fieldErrors,
    /** The visits the last edit would take off their crews (the affected-visits dialog is open while set). */
    refusal: pending ? pending.visits : null,
    confirm: () => (pending ? run(pending.edit, true) : Promise.resolve(false)),
    cancel: () => setPending(null),
  };
}
