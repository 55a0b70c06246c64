import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { currentLanguage } from '../../i18n';
import { useTRPC } from '../../lib/trpc';
import { type AgentRow, agentColumns } from './agent-columns';
import { AgentForm } from './agent-form';
import { AgentPhotoUpload } from './agent-photo-upload';

/** The form of one stored agent, opened once its full record (phone unmasked) is read. */
function EditAgent({ row, timeZone, onDone }: { row: AgentRow; timeZone: string; onDone: () => void }) {
  const trpc = useTRPC();
  const agent = useQuery(trpc.admin.agent.queryOptions({ id: row.id }, { staleTime: 0, gcTime: 0 }));
  return (
    <QueryState query={agent}>
      {(a) => (
        <Stack gap="md">
          <AgentPhotoUpload agentId={a.id} hasPhoto={row.hasPhoto} />
          <AgentForm teamId={a.teamId} timeZone={timeZone} agent={a} linkedUsername={row.username} onDone={onDone} />
        </Stack>
      )}
    </QueryState>
  );
}

/**
 * A team's field agents: badge and credential (flagged when it runs out within 14 days or has run out), base,
 * partner and sign-in; "New agent" and "Edit" open the agent form.
 */
export function AgentsTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { teams, team, setTeam } = useTeamFilter({ allowAll: true });
  const agents = useQuery(trpc.admin.agents.queryOptions({ teamId: team?.id }));
  const [editing, setEditing] = useState<AgentRow | null>(null);
  const [creating, setCreating] = useState(false);
  const newTeam = team ?? teams.data?.[0];
  const zoneOf = (teamId: string | undefined) => teams.data?.find((x) => x.id === teamId)?.timeZone ?? 'Asia/Shanghai';
  return (
    <>
      <Group mb="sm" justify="space-between" align="flex-end">
        <TeamSelect teams={teams.data ?? []} value={team?.id} onChange={setTeam} allowAll />
        <Button onClick={() => setCreating(true)} disabled={!newTeam} data-testid="new-agent">
          {t('agents.new')}
        </Button>
      </Group>
      <QueryState query={agents}>
        {(rows) =>
          rows.length === 0 ? (
            <Text c="dimmed" data-testid="agents-empty">
              {t('agents.empty')}
            </Text>
          ) : (
            <DataTable
              testId="agents"
              rows={rows}
              rowKey={(a) => a.id}
              columns={agentColumns(t, currentLanguage(), setEditing)}
              minWidth={1100}
            />
          )
        }
      </QueryState>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('agents.newIn', { team: newTeam?.name ?? '' })}
        size="xl"
      >
        {newTeam && <AgentForm teamId={newTeam.id} timeZone={newTeam.timeZone} onDone={() => setCreating(false)} />}
      </Modal>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing ? t('agents.editTitle', { name: editing.fullName }) : ''}
        size="xl"
      >
        {editing && <EditAgent row={editing} timeZone={zoneOf(editing.teamId)} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
