import { Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { CaseFile } from './case-file';
import { NewCaseForm } from './new-case-form';
import { useWorklistParams } from './use-worklist-params';
import { WorklistFilters } from './worklist-filters';
import { WorklistTable } from './worklist-table';

/**
 * Where a visit begins (SPEC §1 stages 1–2): the team's worklist of cases — filtered, sorted and paged on the
 * server — and, for the case opened from it (?case=…), the case file: log the notice, agree a slot by phone or
 * send the borrower a link, reschedule or cancel. "Back" returns to the same page of the same list. "New case"
 * enters a case by hand (a lender's first cases, before file intake) and opens its file.
 */
export default function CasesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { teams, team } = useTeamFilter({ allowAll: true });
  const me = useMe();
  const mayCreate = me.data?.role === 'dispatcher' || me.data?.role === 'admin';
  const [creating, setCreating] = useState(false);
  const w = useWorklistParams();
  const input = {
    teamId: team?.id,
    q: w.q,
    filters: w.filters,
    status: w.status,
    dpdMin: w.dpdMin,
    dpdMax: w.dpdMax,
    district: w.district,
    sort: w.sort,
    desc: w.desc,
    page: w.page,
    pageSize: w.pageSize,
  };
  const list = useQuery({ ...trpc.appointments.worklist.queryOptions(input), placeholderData: keepPreviousData });
  const open = (id: string | undefined) => w.update({ case: id });
  // Back in the list, the keyboard carries on from the case just closed.
  const lastOpened = useRef<string | null>(null);
  useEffect(() => {
    if (w.caseId) lastOpened.current = w.caseId;
    else if (lastOpened.current) {
      document.querySelector<HTMLElement>(`[data-case-id="${lastOpened.current}"]`)?.focus();
    }
  }, [w.caseId]);

  if (w.caseId) {
    const rows = list.data?.rows ?? [];
    const at = rows.findIndex((r) => r.id === w.caseId);
    const previous = at > 0 ? rows[at - 1] : undefined;
    const next = at >= 0 ? rows[at + 1] : undefined;
    return (
      <Stack gap="sm" maw={1000}>
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => open(undefined)} data-testid="back-to-worklist">
            ← {t('worklist.back')}
          </Button>
          <Button variant="subtle" size="xs" disabled={!previous} onClick={() => open(previous?.id)}>
            {t('worklist.previous')}
          </Button>
          <Button variant="subtle" size="xs" disabled={!next} onClick={() => open(next?.id)} data-testid="next-case">
            {t('worklist.next')}
          </Button>
        </Group>
        <CaseFile caseId={w.caseId} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader title={t('cases.title')}>
        <TeamSelect
          teams={teams.data ?? []}
          value={team?.id}
          onChange={(id) => w.update({ team: id ?? undefined, district: undefined })}
          allowAll
        />
        {mayCreate && (
          // The form takes its team from the team list: opened before that list answers, it would hold no team and
          // refuse to save with no field to point at (seen on a slow start of first-day.test).
          <Button onClick={() => setCreating(true)} disabled={!teams.data} data-testid="new-case">
            {t('newCase.open')}
          </Button>
        )}
      </PageHeader>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('newCase.title')} size="xl">
        {creating && (
          <NewCaseForm
            teams={teams.data ?? []}
            teamId={team?.id ?? null}
            onDone={(id) => {
              setCreating(false);
              open(id);
            }}
          />
        )}
      </Modal>
      <Paper withBorder p="sm" data-testid="worklist">
        <WorklistFilters w={w} teamId={team?.id} counts={list.data?.counts} />
        <Stack mt="sm" gap={0}>
          {list.isError && list.data && (
            <Text c="red" size="sm" mb="xs" data-testid="worklist-error">
              {Object.values(errorInfo(list.error).fieldErrors)[0] ?? errorInfo(list.error).message}
            </Text>
          )}
          <QueryState query={list}>
            {(data) => (
              <WorklistTable w={w} data={data} onOpen={open} showTeam={!team && (teams.data?.length ?? 0) > 1} />
            )}
          </QueryState>
        </Stack>
      </Paper>
    </>
  );
}
