import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { ComplaintChannelForm } from './complaint-channel-form';

type TeamRow = RouterOutputs['admin']['teams'][number];

const hhmm = (time: string) => time.slice(0, 5);

function teamColumns(t: TFunction, onEdit: (team: TeamRow) => void): Column<TeamRow>[] {
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
          <Button size="compact-xs" variant="subtle" onClick={() => onEdit(r)} data-testid="team-complaint-edit">
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
  const [editing, setEditing] = useState<TeamRow | null>(null);
  return (
    <>
      <QueryState query={teams}>
        {(rows) => <DataTable testId="teams" rows={rows} rowKey={(r) => r.id} columns={teamColumns(t, setEditing)} />}
      </QueryState>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing ? t('admin.complaint.title', { team: editing.name }) : ''}
      >
        {editing && <ComplaintChannelForm team={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
