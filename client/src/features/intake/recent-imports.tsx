import { Badge, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

const STATUS_COLOR: Record<string, string> = { running: 'blue', done: 'teal', failed: 'red', refused: 'orange' };

/** The team's recent imports, whichever way they came in: when, who, which file (and its hash), what they did. */
export function RecentImports({ teamId, timeZone }: { teamId: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const runs = useQuery(trpc.intake.runs.queryOptions({ teamId }));
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('intake.recentTitle')}</Title>
        <DataTable
          rows={runs.data ?? []}
          rowKey={(r) => r.id}
          testId="recent-imports"
          minWidth={760}
          columns={[
            {
              key: 'when',
              header: t('intake.when'),
              render: (r) => formatDateTime(r.startedAt, timeZone, i18n.language),
              nowrap: true,
            },
            { key: 'who', header: t('intake.who'), render: (r) => r.by ?? '—' },
            {
              key: 'file',
              header: t('intake.file'),
              render: (r) => (
                <>
                  <Text size="sm">{r.fileName}</Text>
                  <Text size="xs" c="dimmed" ff="monospace" title={r.fileSha256}>
                    {r.fileSha256.slice(0, 12)}
                  </Text>
                </>
              ),
            },
            { key: 'channel', header: t('intake.channel'), render: (r) => t(`intake.channels.${r.channel}`) },
            {
              key: 'result',
              header: t('intake.result'),
              render: (r) => (
                <>
                  <Badge color={STATUS_COLOR[r.status] ?? 'gray'} variant="light">
                    {t(`intake.statuses.${r.status}`)}
                  </Badge>
                  <Text size="xs">{t('intake.resultCounts', r)}</Text>
                </>
              ),
            },
          ]}
        />
      </Stack>
    </Paper>
  );
}
