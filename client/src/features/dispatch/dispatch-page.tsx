import { Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import { localDate } from '@shared/time';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { currentLanguage } from '../../i18n';
import { useTRPC } from '../../lib/trpc';
import { visitColumns } from './visit-columns';

const SUMMARY_COLORS = { total: 'dark', assigned: 'blue', unassigned: 'gray', completed: 'green' } as const;

/** One team-day: its crews, summary counts and every visit in slot order. */
function DispatchDay({ teamId, date }: { teamId: string; date: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const day = useQuery(trpc.dispatch.day.queryOptions({ teamId, date }));
  const locale = currentLanguage();
  return (
    <QueryState query={day}>
      {(d) => (
        <Stack gap="md">
          <Group gap="xs" data-testid="dispatch-summary">
            {(Object.keys(SUMMARY_COLORS) as (keyof typeof SUMMARY_COLORS)[]).map((k) => (
              <Badge key={k} size="lg" variant="light" color={SUMMARY_COLORS[k]} data-testid={`summary-${k}`}>
                {t(`dispatch.summary.${k}`)}: {d.summary[k]}
              </Badge>
            ))}
            <Text size="xs" c="dimmed" ml="auto">
              {t('common.timeZone', { zone: d.team.timeZone })}
            </Text>
          </Group>
          <Text size="sm" c="dimmed" data-testid="dispatch-crews">
            {t('dispatch.crews')}: {d.crews.map((c) => c.name).join(' · ') || '—'}
          </Text>
          <DataTable
            testId="dispatch-visits"
            rows={d.visits}
            rowKey={(v) => v.id}
            columns={visitColumns(t, locale, d.team.timeZone)}
            minWidth={1100}
          />
        </Stack>
      )}
    </QueryState>
  );
}

/** Dispatch: pick a team and a date (today in the team's zone by default) and see that day's visits. */
export default function DispatchPage() {
  const { t } = useTranslation();
  const { teams, team, setTeam } = useTeamFilter();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? (team ? localDate(new Date(), team.timeZone) : '');
  const setDate = (value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('date', value);
        else next.delete('date');
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('dispatch.title')}>
        <TeamSelect teams={teams.data ?? []} value={team?.id} onChange={setTeam} />
        <TextInput
          type="date"
          label={t('common.date')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          data-testid="dispatch-date"
        />
      </PageHeader>
      <QueryState query={teams}>
        {() =>
          team && date ? <DispatchDay teamId={team.id} date={date} /> : <Text c="dimmed">{t('common.empty')}</Text>
        }
      </QueryState>
    </>
  );
}
