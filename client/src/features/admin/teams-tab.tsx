import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type TeamRow = RouterOutputs['admin']['teams'][number];

const hhmm = (time: string) => time.slice(0, 5);

function teamColumns(t: TFunction): Column<TeamRow>[] {
  return [
    { key: 'name', header: t('admin.teams.name'), nowrap: true, render: (r) => r.name },
    { key: 'city', header: t('admin.teams.city'), render: (r) => r.city },
    { key: 'zone', header: t('admin.teams.timeZone'), render: (r) => r.policy.timeZone },
    {
      key: 'jurisdiction',
      header: t('admin.teams.jurisdiction'),
      render: (r) => t(`jurisdiction.${r.policy.jurisdiction}`),
    },
    {
      key: 'hours',
      header: t('admin.teams.visitingHours'),
      nowrap: true,
      render: (r) => `${hhmm(r.policy.allowedStart)}–${hhmm(r.policy.allowedEnd)}`,
    },
    {
      key: 'cap',
      header: t('admin.teams.frequencyCap'),
      render: (r) => t('admin.teams.capValue', { count: r.policy.frequencyCap, days: r.policy.frequencyWindowDays }),
    },
    { key: 'notice', header: t('admin.teams.minNotice'), align: 'right', render: (r) => r.policy.minNoticeMinutes },
    {
      key: 'twoStaff',
      header: t('admin.teams.twoStaff'),
      render: (r) => (r.policy.twoPersonRule ? t('common.yes') : t('common.no')),
    },
    { key: 'agents', header: t('admin.teams.agentCount'), align: 'right', render: (r) => r.agentCount },
    { key: 'users', header: t('admin.teams.userCount'), align: 'right', render: (r) => r.userCount },
  ];
}

/** Teams with their visiting policy. */
export function TeamsTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const teams = useQuery(trpc.admin.teams.queryOptions());
  return (
    <QueryState query={teams}>
      {(rows) => <DataTable testId="teams" rows={rows} rowKey={(r) => r.id} columns={teamColumns(t)} />}
    </QueryState>
  );
}
