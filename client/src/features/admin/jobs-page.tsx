import { Badge, Button, Group, Pagination, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { JOB_QUEUE_NAMES, JOB_STATES, type JobQueueName, type JobState } from '@shared/domain/jobs';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';

type Job = RouterOutputs['jobs']['list']['jobs'][number];

/** How often the page reads the queue again while open: jobs move on their own. */
const REFRESH_MS = 5_000;
const PAGE_SIZE = 25;

const STATE_COLORS: Record<JobState, string> = {
  created: 'gray',
  retry: 'orange',
  active: 'blue',
  completed: 'teal',
  cancelled: 'gray',
  failed: 'red',
};

/** i18next reads dots as nesting: "plan.solve" is looked up as "plan_solve". */
const queueKey = (queue: string) => queue.replace(/\./g, '_');

/**
 * The job queue as an admin sees it (SPEC §8.4): how many jobs each queue holds in each state (a number filters
 * the list below), the recent jobs with their attempts, times and — for failed ones — the error (secrets taken
 * out by the server), and Retry for a failed job.
 */
export default function JobsPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [queue, setQueue] = useState<JobQueueName | null>(null);
  const [state, setState] = useState<JobState | null>(null);
  const [page, setPage] = useState(0);
  const config = useQuery(trpc.config.public.queryOptions());
  const zone = config.data?.timeZoneDefault ?? 'Asia/Shanghai';
  const counts = useQuery({ ...trpc.jobs.counts.queryOptions(), refetchInterval: REFRESH_MS });
  const list = useQuery({
    ...trpc.jobs.list.queryOptions({
      ...(queue ? { queue } : {}),
      ...(state ? { state } : {}),
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.counts.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
  };
  const retry = useMutation(
    trpc.jobs.retry.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('jobs.retried') });
        refresh();
      },
      onError: (err) => {
        notifications.show({ color: 'red', message: errorInfo(err).message });
        refresh();
      },
    }),
  );
  const queueLabel = (q: string) => t(`jobs.queues.${queueKey(q)}`, { defaultValue: q });
  const when = (iso: string | null) => (iso ? formatDateTime(iso, zone, i18n.language) : '—');
  const filter = (q: JobQueueName | null, s: JobState | null) => {
    setQueue(q);
    setState(s);
    setPage(0);
  };

  const columns: Column<Job>[] = [
    { key: 'queue', header: t('jobs.queue'), render: (j) => queueLabel(j.queue), nowrap: true },
    {
      key: 'state',
      header: t('jobs.state'),
      render: (j) => (
        <Badge variant="light" color={STATE_COLORS[j.state]} data-testid="jobs-state">
          {t(`jobs.states.${j.state}`)}
        </Badge>
      ),
    },
    {
      key: 'attempts',
      header: t('jobs.attempts'),
      render: (j) => `${j.retryCount}/${j.retryLimit}`,
      align: 'right',
      nowrap: true,
    },
    { key: 'created', header: t('jobs.created'), render: (j) => when(j.createdOn), nowrap: true },
    { key: 'started', header: t('jobs.started'), render: (j) => when(j.startedOn), nowrap: true },
    { key: 'completed', header: t('jobs.completed'), render: (j) => when(j.completedOn), nowrap: true },
    {
      key: 'error',
      header: t('jobs.error'),
      render: (j) =>
        j.error ? (
          <Text size="xs" c="red" style={{ wordBreak: 'break-word' }} data-testid="jobs-error">
            {j.error}
          </Text>
        ) : null,
    },
    {
      key: 'actions',
      header: '',
      render: (j) =>
        j.state === 'failed' ? (
          <Button
            size="compact-xs"
            variant="light"
            loading={retry.isPending && retry.variables?.id === j.id}
            onClick={() => retry.mutate({ queue: j.queue as JobQueueName, id: j.id })}
            data-testid="jobs-retry"
          >
            {t('jobs.retry')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title={t('jobs.title')}>
        <Select
          label={t('jobs.queue')}
          placeholder={t('jobs.all')}
          data={JOB_QUEUE_NAMES.map((q) => ({ value: q, label: queueLabel(q) }))}
          value={queue}
          onChange={(v) => filter(v as JobQueueName | null, state)}
          clearable
          w={220}
          data-testid="jobs-queue-filter"
        />
        <Select
          label={t('jobs.state')}
          placeholder={t('jobs.all')}
          data={JOB_STATES.map((s) => ({ value: s, label: t(`jobs.states.${s}`) }))}
          value={state}
          onChange={(v) => filter(queue, v as JobState | null)}
          clearable
          w={160}
          data-testid="jobs-state-filter"
        />
      </PageHeader>
      <Stack gap="md">
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            {t('jobs.countsTitle')}
          </Title>
          <QueryState query={counts}>
            {(data) => (
              <Table.ScrollContainer minWidth={640}>
                <Table striped verticalSpacing={4} data-testid="jobs-counts">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('jobs.queue')}</Table.Th>
                      {JOB_STATES.map((s) => (
                        <Table.Th key={s} ta="right">
                          {t(`jobs.states.${s}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.map((row) => (
                      <Table.Tr key={row.queue} data-testid="jobs-counts-row">
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{queueLabel(row.queue)}</Table.Td>
                        {JOB_STATES.map((s) => (
                          <Table.Td key={s} ta="right">
                            {row.counts[s] > 0 ? (
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                color={STATE_COLORS[s]}
                                onClick={() => filter(row.queue as JobQueueName, s)}
                                data-testid={`jobs-count-${s}`}
                              >
                                {row.counts[s]}
                              </Button>
                            ) : (
                              <Text size="sm" c="dimmed" span>
                                0
                              </Text>
                            )}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </QueryState>
        </Paper>
        <Paper withBorder p="sm">
          <Group justify="space-between" mb="xs">
            <Title order={4}>{t('jobs.recentTitle')}</Title>
            <Text size="xs" c="dimmed">
              {t('jobs.kept')}
            </Text>
          </Group>
          <QueryState query={list}>
            {(data) => (
              <Stack gap="xs">
                <Text size="sm" c="dimmed" data-testid="jobs-total">
                  {t('jobs.count', { count: data.total })}
                </Text>
                <DataTable testId="jobs" rows={data.jobs} rowKey={(j) => j.id} columns={columns} minWidth={960} />
                {data.total > data.pageSize && (
                  <Pagination
                    total={Math.ceil(data.total / data.pageSize)}
                    value={page + 1}
                    onChange={(p) => setPage(p - 1)}
                    size="sm"
                  />
                )}
              </Stack>
            )}
          </QueryState>
        </Paper>
      </Stack>
    </>
  );
}
