import { Badge, Group, Text } from '@mantine/core';
import { languageLabel, skillLabel } from '@shared/domain/skills';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { currentLanguage, type Language } from '../../i18n';
import { formatCalendarDate } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type AgentRow = RouterOutputs['admin']['agents'][number];

const CREDENTIAL_COLOR = { valid: 'green', expired: 'red', not_yet_valid: 'yellow' } as const;

/** What an agent can do and speak, in words; the languages already say what their lang:/dialect: tags say. */
function skillsInWords(a: AgentRow, locale: Language): string {
  const skills = a.skills.filter((s) => !/^(lang|dialect):/.test(s)).map((s) => skillLabel(s, locale));
  const languages = a.languages.map((l) => languageLabel(l, locale));
  const sep = locale === 'zh-CN' ? '、' : ', ';
  return [skills.join(sep), languages.join(sep)].filter(Boolean).join(' · ') || '—';
}

function agentColumns(t: TFunction, locale: Language): Column<AgentRow>[] {
  return [
    { key: 'badge', header: t('admin.agents.badgeNo'), nowrap: true, render: (a) => a.badgeNo },
    { key: 'name', header: t('admin.agents.fullName'), nowrap: true, render: (a) => a.fullName },
    { key: 'team', header: t('admin.agents.team'), nowrap: true, render: (a) => a.teamName },
    { key: 'phone', header: t('admin.agents.phone'), nowrap: true, render: (a) => a.phone },
    {
      key: 'credential',
      header: t('admin.agents.credential'),
      nowrap: true,
      render: (a) => (
        <Badge color={CREDENTIAL_COLOR[a.credentialStatus]} variant="light" size="sm" data-testid="credential-status">
          {t(`admin.credential.${a.credentialStatus}`)}
        </Badge>
      ),
    },
    {
      key: 'validity',
      header: t('admin.agents.validity'),
      nowrap: true,
      render: (a) =>
        `${formatCalendarDate(String(a.credentialValidFrom), locale)} – ${formatCalendarDate(String(a.credentialValidTo), locale)}`,
    },
    {
      key: 'skills',
      header: t('admin.agents.skills'),
      render: (a) => (
        <Text size="sm" lineClamp={1}>
          {skillsInWords(a, locale)}
        </Text>
      ),
    },
    { key: 'max', header: t('admin.agents.maxVisits'), align: 'right', render: (a) => a.maxVisitsPerDay },
    { key: 'user', header: t('admin.agents.username'), render: (a) => a.username ?? '—' },
  ];
}

/** Field agents with badge numbers and whether their credential allows assignment today. */
export function AgentsTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { teams, team, setTeam } = useTeamFilter({ allowAll: true });
  const agents = useQuery(trpc.admin.agents.queryOptions({ teamId: team?.id }));
  return (
    <>
      <Group mb="sm">
        <TeamSelect teams={teams.data ?? []} value={team?.id} onChange={setTeam} allowAll />
      </Group>
      <QueryState query={agents}>
        {(rows) => (
          <DataTable testId="agents" rows={rows} rowKey={(a) => a.id} columns={agentColumns(t, currentLanguage())} />
        )}
      </QueryState>
    </>
  );
}
