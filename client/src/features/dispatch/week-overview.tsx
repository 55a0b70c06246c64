import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../components/query-state';
import { markOnce } from '../../lib/perf-mark';
import { useTeamWeek } from './use-board-date';

/**
 * The week of several teams as one row per team and a cell per day (visits, unassigned, crews), each team's
 * full week opened on demand. As calendars, five teams' week was ~200 lanes and ~2,000 visits in the page (the
 * issue measured 84k DOM nodes and 1.5 frames/s for 25 teams); counted, it is a table a dispatcher scans for the
 * day that needs work. Which teams are shown is still the server's rule (`dispatch.teamDays` checks each).
 */
export function WeekOverview({
  teams,
  from,
  openTeamId,
  onOpen,
}: {
  teams: ReadonlyArray<{ id: string; name: string }>;
  /** Unset: the week from the server's today (the answer says which day that is). */
  from: string | undefined;
  openTeamId: string | null;
  onOpen: (teamId: string | null) => void;
}) {
  const { t } = useTranslation();
  const days = useTeamWeek(
    teams.map((x) => x.id),
    from,
  );
  useEffect(() => {
    if (days.data) markOnce('week-overview-painted');
  }, [days.data]);
  if (days.error) return <Text c="red">{days.error.message}</Text>;
  if (!days.data) return <PageLoader />;
  const dates = [...new Set(days.data.days.map((d) => d.date))].sort();
  const cell = new Map(days.data.days.map((d) => [`${d.teamId}|${d.date}`, d]));
  return (
    <Table withTableBorder striped highlightOnHover data-testid="week-overview">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('common.team')}</Table.Th>
          {dates.map((d) => (
            <Table.Th key={d}>{d.slice(5)}</Table.Th>
          ))}
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {teams.map((team) => {
          const open = team.id === openTeamId;
          return (
            <Table.Tr key={team.id} data-testid="week-team" data-team-id={team.id}>
              <Table.Td fw={open ? 700 : undefined}>{team.name}</Table.Td>
              {dates.map((date) => {
                const d = cell.get(`${team.id}|${date}`);
                return (
                  <Table.Td key={date} data-testid="week-cell">
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" fw={600} title={t('dispatch.summary.total')}>
                        {d?.total ?? 0}
                      </Text>
                      {Boolean(d?.unassigned) && (
                        <Badge size="xs" color="orange" variant="light" title={t('dispatch.summary.unassigned')}>
                          {d?.unassigned}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {t('dispatch.week.crews', { count: d?.crews ?? 0 })}
                    </Text>
                  </Table.Td>
                );
              })}
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant={open ? 'filled' : 'light'}
                  onClick={() => onOpen(open ? null : team.id)}
                  data-testid="week-team-open"
                >
                  {open ? t('dispatch.week.close') : t('dispatch.week.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
