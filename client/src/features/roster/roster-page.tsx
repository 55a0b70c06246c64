import { ActionIcon, Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import type { Role } from '@shared/domain/constants';
import { ROSTER_EDITORS } from '@shared/domain/permissions';
import { isoWeekday } from '@shared/rules/roster';
import { addDays, localDate } from '@shared/time';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AffectedVisitsDialog } from '../../components/affected-visits-dialog';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { ExceptionForm } from './exception-form';
import { PatternForm, type PatternRow } from './pattern-form';
import { RosterCalendar } from './roster-calendar';
import { ShiftForm, type ShiftRow } from './shift-form';
import { useRosterSave } from './use-roster-save';

/** The Monday of a date's week. */
const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

/** The roster of a team: a week's shifts per agent on a timeline, the weekly patterns and the exceptions. */
export default function RosterPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useMe();
  const editor = me.data ? (ROSTER_EDITORS as readonly Role[]).includes(me.data.role) : false;
  const teams = useQuery(trpc.teams.list.queryOptions());
  const config = useQuery(trpc.config.public.queryOptions());
  const [params, setParams] = useSearchParams();
  const list = teams.data ?? [];
  const team = list.find((x) => x.id === params.get('team')) ?? list[0];
  const zone = team?.timeZone ?? 'Asia/Shanghai';
  const from = mondayOf(params.get('week') ?? localDate(new Date(), zone));
  const set = (k: string, v: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set(k, v);
      return next;
    });
  const roster = useQuery({
    ...trpc.roster.range.queryOptions({ teamId: team?.id ?? '', from, to: addDays(from, 6) }),
    enabled: Boolean(team),
  });
  const rosterSave = useRosterSave();
  const [patternForm, setPatternForm] = useState<null | { editing: PatternRow | null }>(null);
  const [exceptionForm, setExceptionForm] = useState(false);
  const [shift, setShift] = useState<ShiftRow | null>(null);

  if (!team || !roster.data || !config.data) return <PageLoader />;
  const r = roster.data;
  const agentName = (id: string | null) => r.agents.find((a) => a.id === id)?.fullName ?? '';
  const days = (ds: number[]) => ds.map((d) => t(`roster.weekdays.${d}`)).join(' ');

  return (
    <Stack gap="md">
      <PageHeader title={t('roster.title')}>
        <Select
          label={t('roster.team')}
          data={list.map((x) => ({ value: x.id, label: x.name }))}
          value={team.id}
          onChange={(v) => v && set('team', v)}
          allowDeselect={false}
          data-testid="roster-team"
        />
        <Group gap={4} align="flex-end">
          <Button variant="default" onClick={() => set('week', addDays(from, -7))} aria-label={t('roster.prev')}>
            ‹
          </Button>
          <TextInput
            type="date"
            label={t('roster.week')}
            value={from}
            onChange={(e) => e.currentTarget.value && set('week', e.currentTarget.value)}
            data-testid="roster-week"
          />
          <Button variant="default" onClick={() => set('week', addDays(from, 7))} aria-label={t('roster.next')}>
            ›
          </Button>
        </Group>
        {editor && (
          <Group gap={6}>
            <Button
              onClick={() => setPatternForm({ editing: null })}
              disabled={r.agents.length === 0}
              data-testid="roster-add-pattern"
            >
              {t('roster.addPattern')}
            </Button>
            <Button variant="light" onClick={() => setExceptionForm(true)} data-testid="roster-add-exception">
              {t('roster.addException')}
            </Button>
            <Button
              variant="subtle"
              loading={rosterSave.busy}
              onClick={() =>
                void rosterSave.save(
                  (i) => client.roster.regenerate.mutate(i),
                  { teamId: team.id, idempotencyKey: crypto.randomUUID() },
                  { saved: t('roster.saved') },
                )
              }
              data-testid="roster-regenerate"
            >
              {t('roster.regenerate')}
            </Button>
          </Group>
        )}
      </PageHeader>
      {!editor && (
        <Text size="sm" c="dimmed">
          {t('roster.readOnly')}
        </Text>
      )}
      {r.agents.length === 0 ? (
        <Alert>{t('roster.noAgents')}</Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('roster.horizon', { today: r.today, end: r.horizonEnd })}
          </Text>
          <div data-testid="roster-calendar">
            <RosterCalendar
              licenseKey={config.data.fullcalendarLicenseKey}
              roster={r}
              from={from}
              editable={editor}
              height={Math.max(220, 90 + r.agents.length * 44)}
              onOpenShift={(s) => editor && s.workDate >= r.today && setShift(s)}
              onMoveShift={(s, times, revert) =>
                void rosterSave.save(
                  (i) => client.roster.setShift.mutate(i),
                  { agentId: s.agentId, date: s.workDate, ...times, idempotencyKey: crypto.randomUUID() },
                  { saved: t('roster.saved'), onError: revert },
                )
              }
            />
          </div>
        </>
      )}
      <Title order={4}>{t('roster.patterns.title')}</Title>
      {r.patterns.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('roster.patterns.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="roster-patterns">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('roster.agent')}</Table.Th>
                <Table.Th>{t('roster.patterns.days')}</Table.Th>
                <Table.Th>{t('roster.patterns.hours')}</Table.Th>
                <Table.Th>{t('roster.patterns.break')}</Table.Th>
                <Table.Th>{t('roster.patterns.valid')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.patterns.map((pt) => (
                <Table.Tr key={pt.id}>
                  <Table.Td>{agentName(pt.agentId)}</Table.Td>
                  <Table.Td>{days(pt.weekdays)}</Table.Td>
                  <Table.Td>
                    {pt.starts}–{pt.ends}
                  </Table.Td>
                  <Table.Td>
                    {pt.breakStarts ? `${pt.breakStarts}–${pt.breakEnds} · ${pt.breakMinutes}′` : '—'}
                  </Table.Td>
                  <Table.Td>
                    {pt.validFrom} → {pt.validTo ?? t('roster.patterns.open')}
                  </Table.Td>
                  <Table.Td>
                    {editor && (
                      <Button size="compact-xs" variant="light" onClick={() => setPatternForm({ editing: pt })}>
                        {t('roster.patterns.edit')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {r.exceptions.length > 0 && (
        <Stack gap={4} data-testid="roster-exceptions">
          {r.exceptions.map((x) => (
            <Group key={x.id} gap="xs">
              <Text size="sm">
                {t(`roster.kinds.${x.kind}`)} · {x.agentId ? agentName(x.agentId) : team.name} · {x.startsOn} →{' '}
                {x.endsOn}
              </Text>
              {editor && (
                <Tooltip label={t('roster.exception.remove')}>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={t('roster.exception.remove')}
                    onClick={() =>
                      void rosterSave.save(
                        (i) => client.roster.removeException.mutate(i),
                        { id: x.id, idempotencyKey: crypto.randomUUID() },
                        { saved: t('roster.exception.removed') },
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {patternForm && (
        <PatternForm
          roster={r}
          editing={patternForm.editing}
          opened
          onClose={() => setPatternForm(null)}
          rosterSave={rosterSave}
        />
      )}
      {exceptionForm && (
        <ExceptionForm
          teamId={team.id}
          roster={r}
          opened
          onClose={() => setExceptionForm(false)}
          rosterSave={rosterSave}
        />
      )}
      {shift && <ShiftForm roster={r} shift={shift} onClose={() => setShift(null)} rosterSave={rosterSave} />}
      <AffectedVisitsDialog
        visits={rosterSave.pending?.visits ?? null}
        timeZone={zone}
        confirming={rosterSave.busy}
        onConfirm={() => rosterSave.pending?.retry()}
        onCancel={rosterSave.cancel}
      />
    </Stack>
  );
}
