import { Badge, Button, Group, Text } from '@mantine/core';
import { languageLabel, skillLabel } from '@shared/domain/skills';
import type { TFunction } from 'i18next';
import type { Column } from '../../components/data-table';
import type { Language } from '../../i18n';
import { formatCalendarDate } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

export type AgentRow = RouterOutputs['admin']['agents'][number];

const CREDENTIAL_COLOR = { valid: 'green', expired: 'red', not_yet_valid: 'yellow' } as const;

/** What an agent can do and speak, in words; the languages already say what their lang:/dialect: tags say. */
function skillsInWords(a: AgentRow, locale: Language): string {
  const skills = a.skills.filter((s) => !/^(lang|dialect):/.test(s)).map((s) => skillLabel(s, locale));
  const languages = a.languages.map((l) => languageLabel(l, locale));
  const sep = locale === 'zh-CN' ? '、' : ', ';
  return [skills.join(sep), languages.join(sep)].filter(Boolean).join(' · ') || '—';
}

/** The credential's status today and, when it runs out soon or has run out, the server's flag. */
function CredentialCell({ a, t }: { a: AgentRow; t: TFunction }) {
  const flag = a.credentialFlag;
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={CREDENTIAL_COLOR[a.credentialStatus]} variant="light" size="sm" data-testid="credential-status">
        {t(`agents.credential.${a.credentialStatus}`)}
      </Badge>
      {flag?.kind === 'expiring' && (
        <Badge color="orange" variant="filled" size="sm" data-testid="credential-expiring">
          {t('agents.flag.expiring', { count: flag.daysLeft })}
        </Badge>
      )}
    </Group>
  );
}

/** The agents list's columns; `onEdit` opens the form of a row. */
export function agentColumns(t: TFunction, locale: Language, onEdit: (a: AgentRow) => void): Column<AgentRow>[] {
  return [
    { key: 'badge', header: t('agents.badgeNo'), nowrap: true, render: (a) => a.badgeNo },
    {
      key: 'name',
      header: t('agents.fullName'),
      nowrap: true,
      render: (a) => (
        <Group gap={6} wrap="nowrap">
          <Text size="sm" c={a.active ? undefined : 'dimmed'} td={a.active ? undefined : 'line-through'}>
            {a.fullName}
          </Text>
          {!a.active && (
            <Badge color="gray" size="xs" data-testid="agent-inactive">
              {t('agents.inactive')}
            </Badge>
          )}
        </Group>
      ),
    },
    { key: 'team', header: t('agents.team'), nowrap: true, render: (a) => a.teamName },
    { key: 'base', header: t('agents.base'), nowrap: true, render: (a) => a.baseName ?? '—' },
    { key: 'phone', header: t('agents.phone'), nowrap: true, render: (a) => a.phone },
    {
      key: 'credential',
      header: t('agents.credentialStatus'),
      nowrap: true,
      render: (a) => <CredentialCell a={a} t={t} />,
    },
    {
      key: 'validity',
      header: t('agents.validity'),
      nowrap: true,
      render: (a) =>
        `${formatCalendarDate(a.credentialValidFrom, locale)} – ${formatCalendarDate(a.credentialValidTo, locale)}`,
    },
    {
      key: 'skills',
      header: t('agents.skills'),
      render: (a) => (
        <Text size="sm" lineClamp={1}>
          {skillsInWords(a, locale)}
        </Text>
      ),
    },
    { key: 'max', header: t('agents.maxVisits'), align: 'right', render: (a) => a.maxVisitsPerDay },
    { key: 'partner', header: t('agents.partner'), nowrap: true, render: (a) => a.preferredPartnerName ?? '—' },
    { key: 'user', header: t('agents.signIn'), render: (a) => a.username ?? '—' },
    {
      key: 'edit',
      header: '',
      align: 'right',
      render: (a) => (
        <Button size="compact-xs" variant="subtle" onClick={() => onEdit(a)} data-testid="agent-edit">
          {t('agents.edit')}
        </Button>
      ),
    },
  ];
}
