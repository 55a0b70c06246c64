import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { ComplaintChannelForm } from './complaint-channel-form';
import { TeamForm } from './team-form';
import { TeamPolicyForm } from './team-policy-form';

type TeamRow = RouterOutputs['admin']['teams'][number];

const hhmm = (time: string) => time.slice(0, 5);

type Editing = { kind: 'complaint' | 'team' | 'policy'; team: TeamRow } | { kind: 'new' } | null;

function teamColumns(
  t: TFunction,
  edit: (kind: 'complaint' | 'team' | 'policy', team: TeamRow) => void,
): Column<TeamRow>[] {
  return [
    {
      key: 'name',
      header: t('admin.teams.name'),
      nowrap: true,
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <span>{r.name}</span>
          <Button size="compact-xs" variant="subtle" onClick={() => edit('team', r)} data-testid="team-edit">
            {t('orgSetup.team.edit')}
          </Button>
        </Group>
      ),
    },
    { key: 'code', header: t('orgSetup.team.code'), nowrap: true, render: (r) => r.code },
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
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <span>{`${hhmm(r.policy.allowedStart)}–${hhmm(r.policy.allowedEnd)}`}</span>
          <Button size="compact-xs" variant="subtle" onClick={() => edit('policy', r)} data-testid="team-policy-edit">
            {t('orgSetup.policy.change')}
          </Button>
        </Group>
      ),
    },
    { key: 'slot', header: t('orgSetup.policy.slotMinutes'), align: 'right', render: (r) => r.policy.slotMinutes },
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
    {
      key: 'complaint',
      header: t('admin.complaint.column'),
      render: (r) => (
        <Group gap={6} wrap="nowrap" justify="space-between">
          {r.complaintPhone || r.complaintUrl ? (
            <Stack gap={0} data-testid="team-complaint">
              {r.complaintPhone && <Text size="sm">{r.complaintPhone}</Text>}
              {r.complaintUrl && (
                <Text size="xs" c="dimmed">
                  {r.complaintUrl}
                </Text>
              )}
            </Stack>
          ) : (
            <Badge color="red" variant="light" size="sm" data-testid="team-complaint-missing">
              {t('admin.complaint.notSet')}
            </Badge>
          )}
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => edit('complaint', r)}
            data-testid="team-complaint-edit"
          >
            {t('admin.complaint.edit')}
          </Button>
        </Group>
      ),
    },
  ];
}

/** Teams with their visiting policy and where their borrowers complain (editable). */
export function TeamsTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const teams = useQuery(trpc.admin.teams.queryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);
  const title = !editing
    ? ''
    : editing.kind === 'new'
      ? t('orgSetup.team.new')
      : editing.kind === 'team'
        ? t('orgSetup.team.editTitle', { team: editing.team.name })
        : editing.kind === 'policy'
          ? t('orgSetup.policy.title', { team: editing.team.name })
          : t('admin.complaint.title', { team: editing.team.name });
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button onClick={() => setEditing({ kind: 'new' })} data-testid="team-new">
          {t('orgSetup.team.new')}
        </Button>
      </Group>
      <QueryState query={teams}>
        {(rows) => (
          <DataTable
            testId="teams"
            rows={rows}
            rowKey={(r) => r.id}
            columns={teamColumns(t, (kind, team) => setEditing({ kind, team }))}
          />
        )}
      </QueryState>
      <Modal opened={!!editing} onClose={close} title={title} size={editing?.kind === 'complaint' ? 'md' : 'lg'}>
        {editing?.kind === 'new' && <TeamForm team={null} onDone={close} />}
        {editing?.kind === 'team' && <TeamForm team={editing.team} onDone={close} />}
        {editing?.kind === 'policy' && <TeamPolicyForm team={editing.team} onDone={close} />}
        {editing?.kind === 'complaint' && <ComplaintChannelForm team={editing.team} onDone={close} />}
      </Modal>
    </Stack>
  );
}
