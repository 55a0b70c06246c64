import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type AffectedVisit, affectedVisitsOf } from '../../components/affected-visits-dialog';
import { errorInfo, useTRPC } from '../../lib/trpc';

interface Confirmable {
  confirm?: boolean;
  idempotencyKey: string;
}

/**
 * Sends a roster change. A refusal listing affected visits opens the confirm dialog, whose confirm sends the same
 * change again with `confirm: true` (under a new key: the refused request's key rolled back with it). Any other
 * refusal goes to `onError` (the form shows it next to its fields). The roster is refetched after a save.
 */
export function useRosterSave() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<null | { visits: AffectedVisit[]; retry: () => void }>(null);
  const [busy, setBusy] = useState(false);

  async function save<I extends Confirmable>(
    send: (input: I) => Promise<unknown>,
    input: I,
    opts: { saved?: string; onDone?: () => void; onError?: (error: unknown) => void } = {},
  ): Promise<void> {
    setBusy(true);
    try {
      await send(input);
      setPending(null);
      if (opts.saved) notifications.show({ color: 'teal', message: opts.saved });
      await queryClient.invalidateQueries({ queryKey: trpc.roster.range.queryKey() });
      opts.onDone?.();
    } catch (error) {
      const visits = affectedVisitsOf(error);
      if (visits && !input.confirm) {
        setPending({
          visits,
          retry: () => void save(send, { ...input, confirm: true, idempotencyKey: crypto.randomUUID() }, opts),
        });
      } else if (opts.onError) {
        opts.onError(error);
      } else {
        notifications.show({ color: 'red', message: errorInfo(error).message });
      }
    } finally {
      setBusy(false);
    }
  }

  /** Drops the refused change; the refetch puts a dragged shift back where it was. */
  const cancel = () => {
    setPending(null);
    void queryClient.invalidateQueries({ queryKey: trpc.roster.range.queryKey() });
  };
  return { save, pending, busy, cancel };
}
