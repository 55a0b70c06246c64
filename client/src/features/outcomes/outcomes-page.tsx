import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { OutcomeBadge } from '../../components/status-badge';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime, formatMoney } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type Outcome = RouterOutputs['outcomes']['recent'][number];

function outcomeColumns(t: TFunction, locale: string): Column<Outcome>[] {
  return [
    {
      key: 'recordedAt',
      header: t('outcomes.col.recordedAt'),
      nowrap: true,
      render: (o) => formatDateTime(o.recordedAt, o.timeZone, locale),
    },
    { key: 'code', header: t('outcomes.col.code'), render: (o) => <OutcomeBadge code={o.code} /> },
    { key: 'borrower', header: t('outcomes.col.borrower'), nowrap: true, render: (o) => o.borrowerName },
    { key: 'district', header: t('outcomes.col.district'), render: (o) => o.district },
    { key: 'crew', header: t('outcomes.col.crew'), nowrap: true, render: (o) => o.crewName ?? '—' },
    { key: 'recordedBy', header: t('outcomes.col.recordedBy'), nowrap: true, render: (o) => o.recordedByName },
    {
      key: 'promised',
      header: t('outcomes.col.promised'),
      nowrap: true,
      render: (o) =>
        o.promisedAmountCents == null ? (
          '—'
        ) : (
          <div>
            <Text size="sm">{formatMoney(o.promisedAmountCents, locale)}</Text>
            {o.promisedDate && (
              <Text size="xs" c="dimmed">
                {formatCalendarDate(o.promisedDate, locale)}
              </Text>
            )}
          </div>
        ),
    },
    { key: 'team', header: t('outcomes.col.team'), nowrap: true, render: (o) => o.teamName },
  ];
}

/** Recent outcomes across the user's teams (or one team), newest first; times in each team's zone. */
export default function OutcomesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { teams, team, setTeam } = useTeamFilter({ allowAll: true });
  const outcomes = useQuery(trpc.outcomes.recent.queryOptions({ teamId: team?.id, limit: 100 }));
  return (
    <>
      <PageHeader title={t('outcomes.title')}>
        <TeamSelect teams={teams.data ?? []} value={team?.id} onChange={setTeam} allowAll />
      </PageHeader>
      <QueryState query={outcomes}>
        {(rows) => (
          <DataTable
            testId="outcomes"
            rows={rows}
            rowKey={(o) => o.id}
            columns={outcomeColumns(t, currentLanguage())}
          />
        )}
      </QueryState>
    </>
  );
}
