import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format';
import { errorInfo, useTRPC, useTRPCClient } from '../../lib/trpc';
import type { BoardVisit } from './use-board';

/** Why a placement was not saved: broken rules in plain words, or the server's message (stale, not found…). */
interface Refusal {
  visitName: string;
  violations: string[];
  message: string | null;
  stale: boolean;
}

const newKey = () => crypto.randomUUID();

/**
 * Check-then-save for every way of placing a visit (drag from the tray, drag in the calendar, the dialog):
 * the server's checkMove explains every broken rule before anything is written; the save carries the version
 * the dispatcher saw, so a stale board is refused instead of overwriting someone else's change.
 */
export function usePlacement(timeZone: string, locale: string) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.dispatch.day.queryKey() });

  const fail = (visit: BoardVisit, error: unknown) => {
    const info = errorInfo(error);
    const details = (error as { data?: { details?: { violations?: Array<{ message: string }> } } }).data?.details;
    setRefusal({
      visitName: visit.borrowerName,
      violations: details?.violations?.map((v) => v.message) ?? [],
      message: info.message,
      stale: info.appCode === 'VISIT_STALE',
    });
    void refresh();
  };

  /** Places `visit` on `crew` at `at`; returns whether it was saved (the caller reverts a drag otherwise). */
  async function place(visit: BoardVisit, crew: { id: string; name: string }, at: Date): Promise<boolean> {
    setBusy(true);
    try {
      const arrival = at.toISOString();
      const check = await client.dispatch.checkMove.query({ visitId: visit.id, crewId: crew.id, arrival });
      if (!check.ok) {
        setRefusal({
          visitName: visit.borrowerName,
          violations: check.violations.map((v) => v.message),
          message: null,
          stale: false,
        });
        return false;
      }
      const input = { visitId: visit.id, crewId: crew.id, arrival, version: visit.version, idempotencyKey: newKey() };
      await (visit.crewId ? client.dispatch.move.mutate(input) : client.dispatch.assign.mutate(input));
      notifications.show({
        color: 'teal',
        message: t('dispatch.saved', {
          name: visit.borrowerName,
          crew: crew.name,
          time: formatTime(arrival, timeZone, locale),
        }),
      });
      await refresh();
      return true;
    } catch (error) {
      fail(visit, error);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function unassign(visit: BoardVisit): Promise<boolean> {
    try {
      await client.dispatch.unassign.mutate({ visitId: visit.id, version: visit.version, idempotencyKey: newKey() });
      notifications.show({ message: t('dispatch.unassignedDone', { name: visit.borrowerName }) });
      await refresh();
      return true;
    } catch (error) {
      fail(visit, error);
      return false;
    }
  }

  async function togglePin(visit: BoardVisit): Promise<boolean> {
    try {
      await client.dispatch.setPinned.mutate({
        visitId: visit.id,
        pinned: !visit.pinned,
        version: visit.version,
        idempotencyKey: newKey(),
      });
      await refresh();
      return true;
    } catch (error) {
      fail(visit, error);
      return false;
    }
  }

  return { place, unassign, togglePin, refusal, clearRefusal: () => setRefusal(null), busy };
}
