import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { cspNonce } from '../../lib/csp-nonce';
import { formatCalendarDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { kpiItems } from './kpi-display';
import type { ReportFilters } from './use-report-filters';

/** A one-page summary of the period for printing (the browser's print hides the app chrome). */
export function PrintSummary({ f }: { f: ReportFilters }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const q = useQuery(trpc.reports.dashboard.queryOptions(f.filter));
  return (
    <QueryState query={q}>
      {(d) => {
        // The same values, rounded the same way, as the dashboard's cards; each with what it counts, in words.
        const rows = kpiItems(d.kpis, d.openComplaints, locale, t);
        return (
          <Stack gap="sm" className="print-summary" data-testid="print-summary" maw={760}>
            <style nonce={cspNonce()}>
              {'@media print { header, nav, .no-print { display: none !important; } main { padding: 0 !important; } }'}
            </style>
            <Group justify="space-between">
              <Title order={3}>
                {t('reports.summaryTitle', {
                  from: formatCalendarDate(f.from, locale),
                  to: formatCalendarDate(f.to, locale),
                })}
              </Title>
              <Group gap={6} className="no-print">
                <Button size="xs" variant="default" onClick={() => f.update({ tab: 'dashboard' })}>
                  {t('reports.back')}
                </Button>
                <Button size="xs" onClick={() => window.print()}>
                  {t('reports.print')}
                </Button>
              </Group>
            </Group>
            <Table withTableBorder withColumnBorders>
              <Table.Tbody>
                {rows.map((k) => (
                  <Table.Tr key={k.key}>
                    <Table.Td fw={500}>{t(`reports.kpi.${k.key}`)}</Table.Td>
                    <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      <span data-testid={`summary-${k.key}-value`}>{k.value}</span>
                      {k.key === 'keptPromiseRate' && k.hint && (
                        <Text span size="xs" c="dimmed" display="block">
                          {k.hint}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" data-testid={`summary-${k.key}-definition`}>
                        {k.definition}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text fw={600} size="sm">
              {t('reports.chart.byOutcome')}
            </Text>
            <Text size="sm">
              {d.byOutcome.map((o) => `${t(`outcome.${o.code}`, { defaultValue: o.code })} ${o.count}`).join(' · ') ||
                '—'}
            </Text>
            <Text fw={600} size="sm">
              {t('reports.chart.byAgent')}
            </Text>
            <Text size="sm">
              {d.byAgent
                .slice(0, 12)
                .map((a) => `${a.name} ${a.made}`)
                .join(' · ') || '—'}
            </Text>
            <Text size="xs" c="dimmed">
              {t('reports.kpiNote')}
            </Text>
          </Stack>
        );
      }}
    </QueryState>
  );
}
