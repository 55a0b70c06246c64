import { Alert, Anchor, Badge, Button, FileButton, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatMoney } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import type { ReportFilters } from './use-report-filters';

type Promise_ = RouterOutputs['payments']['promises'][number];
const STATE_COLOR = { kept: 'green', paid_late: 'yellow', broken: 'red', due: 'blue' } as const;

/** Instalments due in the period (kept, paid late, broken, due), the payments import and follow-up proposals. */
export function PromisesPanel({ f, manager }: { f: ReportFilters; manager: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const locale = currentLanguage();
  const list = useQuery(trpc.payments.promises.queryOptions({ teamId: f.teamId, from: f.from, to: f.to }));
  const [importErrors, setImportErrors] = useState<Record<string, string>>({});
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.payments.promises.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.reports.dashboard.queryKey() });
  };
  const importCsv = useMutation(
    trpc.payments.importCsv.mutationOptions({
      onSuccess: (r) => {
        setImportErrors({});
        notifications.show({ color: 'teal', message: t('reports.promises.imported', r) });
        refresh();
      },
      onError: (err) => {
        const info = errorInfo(err);
        setImportErrors({ ...info.fieldErrors, '': info.message });
      },
    }),
  );
  const propose = useMutation(
    trpc.payments.proposeFollowUps.mutationOptions({
      onSuccess: (r) => {
        notifications.show({ color: 'teal', message: t('reports.promises.proposed', r) });
        refresh();
      },
    }),
  );
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
        <Anchor component={Link} to={`/cases?case=${p.caseId}&q=${encodeURIComponent(p.loanRef)}`} size="sm">
          {p.loanRef} #{p.seq}
        </Anchor>
      ),
    },
    {
      key: 'amount',
      header: t('reports.promises.amount'),
      nowrap: true,
      render: (p) => formatMoney(p.amountCents, locale),
    },
    { key: 'paid', header: t('reports.promises.paid'), nowrap: true, render: (p) => formatMoney(p.paidCents, locale) },
    {
      key: 'state',
      header: t('reports.promises.state'),
      render: (p) => (
        <Badge color={STATE_COLOR[p.state]} variant="light" size="sm" miw="max-content">
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
  const lineErrors = Object.entries(importErrors).filter(([k]) => k !== '');
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {manager && (
          <FileButton
            accept=".csv,text/csv"
            onChange={(file) => file && void file.text().then((csv) => importCsv.mutate({ csv }))}
          >
            {(props) => (
              <Button {...props} size="xs" variant="light" loading={importCsv.isPending} data-testid="import-payments">
                {t('reports.promises.import')}
              </Button>
            )}
          </FileButton>
        )}
        <Button
          size="xs"
          variant="default"
          loading={propose.isPending}
          onClick={() => propose.mutate({ teamId: f.teamId })}
        >
          {t('reports.promises.propose')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('reports.promises.format')}
        </Text>
      </Group>
      {importErrors[''] && (
        <Alert color="red" title={importErrors['']} data-testid="import-errors">
          <List size="sm">
            {lineErrors.map(([k, v]) => (
              <List.Item key={k}>
                {k}: {v}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <QueryState query={list}>
        {(rows) => <DataTable testId="promises" rows={rows} rowKey={(p) => p.id} columns={columns} minWidth={760} />}
      </QueryState>
    </Stack>
  );
}
