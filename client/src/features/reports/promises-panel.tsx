import { Anchor, Badge, Chip, Group, Pagination, Stack, Text, TextInput } from '@mantine/core';
import { defaultPromiseRange, PROMISE_STATES, type PromiseState } from '@shared/domain/promises';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatMoney } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { PaymentsActions } from './payments-actions';
import type { ReportFilters } from './use-report-filters';

type Promise_ = RouterOutputs['payments']['promises']['rows'][number];
const STATE_COLOR = { kept: 'green', paid_late: 'yellow', broken: 'red', due: 'blue' } as const;
const PAGE_SIZE = 50;

/**
 * Every promise to pay — one-off promises and repayment-plan instalments — due in its own range (?pfrom&pto,
 * by default 30 days either side of today, since promises fall due after the visits that made them), by state
 * (?pstate) with the count of each and the kept-promise rate, plus the payments import and follow-up proposals.
 */
export function PromisesPanel({ f, manager }: { f: ReportFilters; manager: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const [params] = useSearchParams();
  const range = defaultPromiseRange(f.today);
  const from = params.get('pfrom') ?? range.from;
  const to = params.get('pto') ?? range.to;
  const state = (PROMISE_STATES as readonly string[]).includes(params.get('pstate') ?? '')
    ? (params.get('pstate') as PromiseState)
    : undefined;
  const page = Number(params.get('ppage') ?? 0) || 0;
  const list = useQuery({
    ...trpc.payments.promises.queryOptions({ teamId: f.teamId, from, to, state, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const columns: Column<Promise_>[] = [
    {
      key: 'due',
      header: t('reports.promises.due'),
      nowrap: true,
      render: (p) => formatCalendarDate(p.dueDate, locale),
    },
    {
      key: 'loan',
      header: t('reports.promises.loan'),
      nowrap: true,
      // The case file is where a follow-up visit is arranged (notice, slot, link).
      render: (p) => (
        <Anchor component={Link} to={`/cases?team=${p.teamId}&case=${p.caseId}`} size="sm">
          {p.loanRef}
        </Anchor>
      ),
    },
    {
      key: 'kind',
      header: t('reports.promises.kind'),
      nowrap: true,
      render: (p) =>
        p.kind === 'one_off' ? t('reports.promises.oneOff') : t('reports.promises.instalment', { seq: p.seq }),
    },
    {
      key: 'made',
      header: t('reports.promises.madeOn'),
      nowrap: true,
      render: (p) => formatCalendarDate(p.madeOn, locale),
    },
    {
      key: 'amount',
      header: t('reports.promises.amount'),
      nowrap: true,
      align: 'right',
      render: (p) => formatMoney(p.amountCents, locale),
    },
    {
      key: 'paid',
      header: t('reports.promises.paid'),
      nowrap: true,
      align: 'right',
      render: (p) => formatMoney(p.paidCents, locale),
    },
    {
      key: 'state',
      header: t('reports.promises.state'),
      render: (p) => (
        <Badge color={STATE_COLOR[p.state]} variant="light" size="sm" miw="max-content" data-testid="promise-state">
          {t(`reports.promises.states.${p.state}`)}
        </Badge>
      ),
    },
    {
      key: 'followUp',
      header: t('reports.promises.followUp'),
      render: (p) => (p.proposalStatus ? t(`reports.promises.proposal.${p.proposalStatus}`) : '—'),
    },
  ];
  const counts = list.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  return (
    <Stack gap="xs">
      <PaymentsActions teamId={f.teamId} manager={manager} />
      <Group gap="sm" align="end" wrap="wrap">
        <TextInput
          type="date"
          label={t('reports.promises.dueFrom')}
          value={from}
          max={to}
          w={150}
          onChange={(e) => e.currentTarget.value && f.update({ pfrom: e.currentTarget.value, ppage: undefined })}
          data-testid="promises-from"
        />
        <TextInput
          type="date"
          label={t('reports.promises.dueTo')}
          value={to}
          min={from}
          w={150}
          onChange={(e) => e.currentTarget.value && f.update({ pto: e.currentTarget.value, ppage: undefined })}
          data-testid="promises-to"
        />
        <Chip.Group
          multiple={false}
          value={state ?? 'all'}
          onChange={(v) => f.update({ pstate: v === 'all' ? undefined : v, ppage: undefined })}
        >
          <Group gap={6} pb={4}>
            <Chip value="all" size="sm" wrapperProps={{ 'data-testid': 'promise-filter-all' }}>
              {t('reports.promises.all')}
              {total !== undefined ? ` · ${total}` : ''}
            </Chip>
            {PROMISE_STATES.map((s) => (
              <Chip
                key={s}
                value={s}
                size="sm"
                color={STATE_COLOR[s]}
                wrapperProps={{ 'data-testid': `promise-filter-${s}` }}
              >
                {t(`reports.promises.states.${s}`)}
                {counts ? ` · ${counts[s]}` : ''}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Group>
      {list.data && (
        <Text size="sm" fw={500} data-testid="kept-rate">
          {list.data.keptRate === null
            ? t('reports.promises.keptRateNone')
            : t('reports.promises.keptRate', {
                rate: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
                  list.data.keptRate,
                ),
                kept: list.data.counts.kept,
                decided: list.data.decided,
              })}
        </Text>
      )}
      <QueryState query={list}>
        {(data) => (
          <>
            <DataTable testId="promises" rows={data.rows} rowKey={(p) => p.id} columns={columns} minWidth={860} />
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {t('reports.promises.range', {
                  first: data.total === 0 ? 0 : page * PAGE_SIZE + 1,
                  last: Math.min(data.total, (page + 1) * PAGE_SIZE),
                  count: data.total,
                })}
              </Text>
              <Pagination
                size="sm"
                total={Math.max(1, Math.ceil(data.total / PAGE_SIZE))}
                value={page + 1}
                onChange={(p) => f.update({ ppage: p === 1 ? undefined : String(p - 1) })}
              />
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
