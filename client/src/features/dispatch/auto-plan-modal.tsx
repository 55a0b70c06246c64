import { Alert, Button, Checkbox, Group, Modal, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { PlanChanges } from './plan-changes';
import { TravelWarning } from './travel-warning';

const h = (minutes: number) => (minutes / 60).toFixed(1);

/**
 * Auto-plan a team-day: the solver runs on the server (progress bar, stop early), then a preview per crew
 * (changes, visits, km and travel hours before → after), every change visit by visit, and the visits still
 * unplanned with their reasons. What is under way, done or past is kept and said so.
 * Apply everything or the ticked crews in one transaction.
 */
export function AutoPlanModal({
  teamId,
  teamName,
  date,
  fromNow,
  timeZone,
  locale,
  onClose,
}: {
  teamId: string;
  teamName: string;
  date: string;
  fromNow: boolean;
  timeZone: string;
  locale: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.planning.start.mutationOptions());
  const cancel = useMutation(trpc.planning.cancel.mutationOptions());
  const commit = useMutation(trpc.planning.commit.mutationOptions());
  const [selected, setSelected] = useState<string[]>([]);
  const runId = start.data?.runId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: start once when the dialog opens
  useEffect(() => {
    // A team-day is ~20 visits: the plan stops improving well before 2 s (npm run bench:dispatch:plan).
    start.mutate({ teamId, date, fromNow, timeLimitMs: 2000 });
  }, []);
  const status = useQuery({
    ...trpc.planning.status.queryOptions({ runId: runId ?? '00000000-0000-4000-8000-000000000000' }),
    enabled: Boolean(runId),
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 250 : false),
  });
  const s = status.data;
  const preview = s?.preview;
  const apply = async (crewIds?: string[]) => {
    if (!runId) return;
    try {
      const r = await commit.mutateAsync({ runId, crewIds, idempotencyKey: crypto.randomUUID() });
      notifications.show({
        color: 'teal',
        message: t('dispatch.plan.applied', { assigned: r.assigned, missed: r.missed, unassigned: r.unassigned }),
      });
      await queryClient.invalidateQueries({ queryKey: trpc.dispatch.day.queryKey() });
      onClose();
    } catch {
      // The error is shown in the dialog (commit.error).
    }
  };

  return (
    <Modal opened onClose={onClose} size="xl" title={t('dispatch.plan.title', { team: teamName, date })}>
      <Stack gap="sm" data-testid="plan-modal">
        {start.error && <Alert color="red">{errorInfo(start.error).message}</Alert>}
        {(!s || s.state === 'running') && !start.error && (
          <>
            <Text size="sm" data-testid="plan-running">
              {/* Every planner of every process is busy: the run waits in the queue for the first free one. */}
              {s?.waiting
                ? t('dispatch.plan.waiting')
                : t('dispatch.plan.running', { s: ((s?.progress?.elapsedMs ?? 0) / 1000).toFixed(1) })}
            </Text>
            <Progress value={(s?.fraction ?? 0) * 100} animated data-testid="plan-progress" />
            <Group justify="flex-end">
              <Button
                variant="light"
                disabled={!runId}
                onClick={() => runId && cancel.mutate({ runId })}
                data-testid="plan-cancel"
              >
                {t('dispatch.plan.cancel')}
              </Button>
            </Group>
          </>
        )}
        {s?.state === 'failed' && <Alert color="red">{t('dispatch.plan.failed', { error: s.error })}</Alert>}
        {preview && (
          <>
            <TravelWarning warning={preview.travel.warning} />
            <Text size="xs" c="dimmed" data-testid="plan-time">
              {t('dispatch.plan.time', { ms: s?.solveMs ?? 0 })}
            </Text>
            <Text size="sm" data-testid="plan-kept">
              {t('dispatch.plan.asOf', { time: formatTime(preview.now, timeZone, locale) })} ·{' '}
              {t('dispatch.plan.kept', { count: preview.kept })}
            </Text>
            {/* Tall enough for the crews and the first changes at 1440×900; the rest scrolls. */}
            <ScrollArea.Autosize mah="58vh">
              <Table striped withTableBorder fz="sm" data-testid="plan-preview">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th>{t('dispatch.plan.crew')}</Table.Th>
                    <Table.Th ta="right">{t('dispatch.plan.changes')}</Table.Th>
                    <Table.Th ta="right">{t('dispatch.plan.visits')}</Table.Th>
                    <Table.Th ta="right">{t('dispatch.plan.km')}</Table.Th>
                    <Table.Th ta="right">{t('dispatch.plan.travel')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.crews.map((c) => (
                    <Table.Tr key={c.crewId} data-testid="plan-crew-row">
                      <Table.Td>
                        <Checkbox
                          aria-label={c.name}
                          checked={selected.includes(c.crewId)}
                          onChange={(e) =>
                            setSelected((prev) =>
                              e.currentTarget.checked ? [...prev, c.crewId] : prev.filter((x) => x !== c.crewId),
                            )
                          }
                        />
                      </Table.Td>
                      <Table.Td>
                        {c.name}
                        {c.excluded && (
                          <Text size="xs" c="red">
                            {t('dispatch.plan.excluded', { reason: c.excluded })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{c.changes}</Table.Td>
                      <Table.Td ta="right">
                        {c.before.visits} → <b>{c.after.visits}</b>
                      </Table.Td>
                      <Table.Td ta="right">
                        {c.before.km} → <b>{c.after.km}</b>
                      </Table.Td>
                      <Table.Td ta="right">
                        {h(c.before.travelMinutes)} → <b>{h(c.after.travelMinutes)}</b>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr fw={700}>
                    <Table.Td />
                    <Table.Td>Σ</Table.Td>
                    <Table.Td />
                    <Table.Td ta="right">
                      {preview.totals.before.visits} → {preview.totals.after.visits}
                    </Table.Td>
                    <Table.Td ta="right">
                      {preview.totals.before.km} → {preview.totals.after.km}
                    </Table.Td>
                    <Table.Td ta="right">
                      {h(preview.totals.before.travelMinutes)} → {h(preview.totals.after.travelMinutes)}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <PlanChanges preview={preview} timeZone={timeZone} locale={locale} />
            </ScrollArea.Autosize>
            {commit.error && (
              <Alert color="red" data-testid="plan-error">
                {errorInfo(commit.error).message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button
                variant="light"
                disabled={selected.length === 0}
                loading={commit.isPending}
                onClick={() => apply(selected)}
                data-testid="plan-apply-selected"
              >
                {t('dispatch.plan.applySelected', { count: selected.length })}
              </Button>
              <Button loading={commit.isPending} onClick={() => apply()} data-testid="plan-apply-all">
                {t('dispatch.plan.applyAll')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
