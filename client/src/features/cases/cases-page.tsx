import { Badge, Grid, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { currentLanguage } from '../../i18n';
import { formatMoney } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { CaseFile } from './case-file';
import { FollowUpQueue } from './follow-up-queue';

/**
 * Where a visit begins (SPEC §1 stages 1–2): find the borrower's case, log the notice, agree a slot by phone
 * or send the borrower a link to pick one, reschedule or cancel. The chosen case is kept in the URL (?case=…).
 */
export default function CasesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const { teams, team, setTeam } = useTeamFilter({ allowAll: true });
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [query] = useDebouncedValue(q.trim(), 250);
  const caseId = params.get('case');
  const found = useQuery(trpc.appointments.searchCases.queryOptions({ teamId: team?.id, q: query }));
  const open = (id: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('case', id);
      return next;
    });
  return (
    <>
      <PageHeader title={t('cases.title')}>
        <TeamSelect teams={teams.data ?? []} value={team?.id} onChange={setTeam} allowAll />
        <TextInput
          label={t('cases.search')}
          placeholder={t('cases.searchHint')}
          data-testid="case-search"
          w={280}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
      </PageHeader>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <FollowUpQueue teamId={team?.id} selected={caseId} onOpen={open} />
          <Paper withBorder p="xs">
            <QueryState query={found}>
              {(rows) =>
                rows.length === 0 ? (
                  <Text c="dimmed" p="sm">
                    {t('cases.none')}
                  </Text>
                ) : (
                  <Table highlightOnHover data-testid="case-results">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('cases.col.loan')}</Table.Th>
                        <Table.Th>{t('cases.col.borrower')}</Table.Th>
                        <Table.Th ta="right">{t('cases.col.dpd')}</Table.Th>
                        <Table.Th ta="right">{t('cases.col.overdue')}</Table.Th>
                        <Table.Th>{t('cases.col.status')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((c) => (
                        <Table.Tr
                          key={c.id}
                          onClick={() => open(c.id)}
                          onKeyDown={(e) => e.key === 'Enter' && open(c.id)}
                          tabIndex={0}
                          style={{ cursor: 'pointer' }}
                          bg={c.id === caseId ? 'var(--mantine-color-teal-light)' : undefined}
                          data-testid="case-row"
                        >
                          <Table.Td>{c.loanRef}</Table.Td>
                          <Table.Td>{c.borrowerName}</Table.Td>
                          <Table.Td ta="right">{c.daysPastDue}</Table.Td>
                          <Table.Td ta="right">{formatMoney(c.overdueAmountCents, locale)}</Table.Td>
                          <Table.Td>
                            <Badge size="sm" variant="light" miw="max-content">
                              {t(`cases.caseStatus.${c.status}`)}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )
              }
            </QueryState>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {caseId ? (
            <CaseFile caseId={caseId} />
          ) : (
            <Stack align="center" p="xl">
              <Text c="dimmed">{t('cases.pick')}</Text>
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
