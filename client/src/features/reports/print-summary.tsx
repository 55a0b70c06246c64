import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { cspNonce } from '../../lib/csp-nonce';
import { formatCalendarDate, formatMoney } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { ReportFilters } from './use-report-filters';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** A one-page summary of the period for printing (the browser's print hides the app chrome). */
export function PrintSummary({ f }: { f: ReportFilters }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const q = useQuery(trpc.reports.dashboard.queryOptions(f.filter));
  return (
    <QueryState query={q}>
      {(d) => {
        const k = d.kpis;
        const rows: Array<[string, string]> = [
          ['planned', String(k.planned)],
          ['made', String(k.made)],
          ['missed', String(k.missed)],
          ['contactRate', pct(k.contactRate)],
          ['promiseRate', pct(k.promiseRate)],
          ['promisedAmount', formatMoney(k.promisedCents, locale)],
          ['keptPromiseRate', `${pct(k.keptPromiseRate)} (${k.promisesKept}/${k.promisesDecided})`],
          ['plansAgreed', String(k.plansAgreed)],
          ['onTimeRate', pct(k.onTimeRate)],
          ['kmPerVisit', k.kmPerVisit?.toFixed(2) ?? '—'],
          ['minutesPerVisit', k.travelMinutesPerVisit?.toFixed(1) ?? '—'],
          ['visitsPerCrewDay', k.visitsPerCrewDay?.toFixed(2) ?? '—'],
          ['openComplaints', String(d.openComplaints)],
        ];
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
                {rows.map(([key, value]) => (
                  <Table.Tr key={key}>
                    <Table.Td>{t(`reports.kpi.${key}`)}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {value}
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
