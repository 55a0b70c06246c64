import { Alert, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { mayEditBoard } from '@shared/domain/permissions';
import { localDate } from '@shared/time';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AffectedVisitsDialog } from '../../components/affected-visits-dialog';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { formatTime } from '../../lib/format';
import { useStreamStart } from '../../lib/live-start';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { type Crew, type CrewAction, CrewCard } from './crew-card';
import { MergeDialog, RenameDialog, SwapDialog } from './crew-dialogs';
import { useCrewEdit } from './use-crew-edit';

type Report = RouterOutputs['crews']['generate'];

/**
 * The crews of a team's day (SPEC §8.2): generated from the shifts, then swapped, split, merged or renamed by
 * hand. Open boards of the team see each change live; this page refreshes on theirs too.
 */
export default function CrewsPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const editable = me.data ? mayEditBoard(me.data.role) : false;
  const { teams, team, setTeam } = useTeamFilter();
  const [params, setParams] = useSearchParams();
  const zone = team?.timeZone ?? 'Asia/Shanghai';
  const date = params.get('date') ?? localDate(new Date(), zone);
  const day = useQuery({
    ...trpc.crews.day.queryOptions({ teamId: team?.id ?? '', date }),
    enabled: Boolean(team),
  });
  // The team's board stream, opened from where the day's read stood (`liveFrom`, lib/live-start.ts): a change made
  // between the read and the stream joining is sent first.
  const lastEventId = useStreamStart(team?.id ?? '', day.data?.liveFrom);
  useSubscription(
    trpc.live.board.subscriptionOptions(
      { teamIds: [team?.id ?? ''], lastEventId },
      {
        enabled: Boolean(team) && lastEventId !== undefined,
        onData: () => void queryClient.invalidateQueries({ queryKey: trpc.crews.day.queryKey() }),
      },
    ),
  );
  const [report, setReport] = useState<Report | null>(null);
  const generateKey = useRef(crypto.randomUUID());
  const generate = useMutation(
    trpc.crews.generate.mutationOptions({
      onSuccess: (r) => {
        generateKey.current = crypto.randomUUID();
        setReport(r);
        notifications.show({ color: 'teal', message: t('crews.done.generate') });
        void queryClient.invalidateQueries({ queryKey: trpc.crews.day.queryKey() });
      },
      onError: (error) => {
        generateKey.current = crypto.randomUUID();
        notifications.show({ color: 'red', message: errorInfo(error).message, autoClose: 8000 });
      },
    }),
  );
  const edit = useCrewEdit();
  const [open, setOpen] = useState<{ action: CrewAction; crew: Crew } | null>(null);
  // The affected-visits dialog takes the place of the edit's dialog; either answer closes both.
  const dialog = edit.refusal ? null : open;
  const crews = day.data?.crews ?? [];
  const singles = crews.filter((c) => c.members.length === 1).length;
  const onAction = (crew: Crew, action: CrewAction) => {
    if (action === 'split') void edit.run({ kind: 'split', input: { crewId: crew.id } });
    else setOpen({ action, crew });
  };
  const setDate = (d: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('date', d);
        return next;
      },
      { replace: true },
    );
  const mix = day.data ? [...day.data.mix.skills, ...day.data.mix.languages] : [];
  return (
    <>
      <PageHeader title={t('crews.title')}>
        <TeamSelect teams={teams.data ?? []} value={team?.id} onChange={setTeam} />
        <TextInput
          type="date"
          label={t('common.date')}
          value={date}
          onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
          data-testid="crews-date"
          w={160}
        />
        {editable && (
          <Button
            loading={generate.isPending}
            disabled={!team}
            data-testid="crews-generate"
            onClick={() => team && generate.mutate({ teamId: team.id, date, idempotencyKey: generateKey.current })}
          >
            {t('crews.generate')}
          </Button>
        )}
      </PageHeader>
      <QueryState query={day}>
        {(data) => (
          <Stack gap="md">
            <Group gap="xs">
              <Badge variant="light" color={data.twoPersonRule ? 'orange' : 'gray'} data-testid="crews-rule">
                {data.twoPersonRule ? t('crews.twoPersonOn') : t('crews.twoPersonOff')}
              </Badge>
              {mix.length > 0 && (
                <Badge variant="light" color="teal">
                  {t('crews.mix', { mix: mix.join(', ') })}
                </Badge>
              )}
              {editable && (
                <Text size="xs" c="dimmed">
                  {t('crews.generateHint')}
                </Text>
              )}
            </Group>
            {report && report.date === date && <GenerateReport report={report} />}
            {crews.length === 0 ? (
              <Text c="dimmed" data-testid="crews-empty">
                {t('crews.empty')}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" data-testid="crews-list">
                {crews.map((c) => (
                  <CrewCard
                    key={c.id}
                    crew={c}
                    timeZone={zone}
                    twoPersonRule={data.twoPersonRule}
                    canMerge={c.members.length === 1 && singles > 1}
                    editable={editable}
                    onAction={(a) => onAction(c, a)}
                  />
                ))}
              </SimpleGrid>
            )}
            {data.withoutCrew.length > 0 && (
              <Paper withBorder p="sm" radius="md" data-testid="crews-without">
                <Text fw={600} size="sm" mb={4}>
                  {t('crews.withoutCrew')}
                </Text>
                <Group gap="xs">
                  {data.withoutCrew.map((a) => (
                    <Badge key={a.agentId} variant="outline" color="gray">
                      {a.fullName} {a.shiftStart && formatTime(a.shiftStart, zone, i18n.language)}–
                      {a.shiftEnd && formatTime(a.shiftEnd, zone, i18n.language)}
                    </Badge>
                  ))}
                </Group>
              </Paper>
            )}
          </Stack>
        )}
      </QueryState>
      {dialog?.action === 'rename' && <RenameDialog crew={dialog.crew} edit={edit} onClose={() => setOpen(null)} />}
      {dialog?.action === 'swap' && (
        <SwapDialog crew={dialog.crew} crews={crews} edit={edit} onClose={() => setOpen(null)} />
      )}
      {dialog?.action === 'merge' && (
        <MergeDialog crew={dialog.crew} crews={crews} edit={edit} onClose={() => setOpen(null)} />
      )}
      <AffectedVisitsDialog
        visits={edit.refusal}
        timeZone={zone}
        confirming={edit.busy}
        onConfirm={() => {
          setOpen(null);
          void edit.confirm();
        }}
        onCancel={() => {
          edit.cancel();
          setOpen(null);
        }}
      />
    </>
  );
}

/** What a generation did: crews made and replaced, crews kept and why, agents who got no crew. */
function GenerateReport({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="crews-report">
      <Alert
        color="teal"
        title={t('crews.report.title', { created: report.created.length, replaced: report.replaced })}
      >
        {report.kept.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              {t('crews.report.kept')}
            </Text>
            <List size="sm">
              {report.kept.map((k) => (
                <List.Item key={k.id}>{k.message}</List.Item>
              ))}
            </List>
          </>
        )}
      </Alert>
      {report.warnings.length > 0 && (
        <Alert color="orange" title={t('crews.report.warnings')} data-testid="crews-warnings">
          <List size="sm">
            {report.warnings.map((w) => (
              <List.Item key={w.agentId}>{w.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
