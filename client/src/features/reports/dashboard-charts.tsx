import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../lib/trpc';
import { BarLineChart, type ChartSeries } from './bar-line-chart';

type Dashboard = RouterOutputs['reports']['dashboard'];

/** Colours of the series, the same meaning in every chart. */
const COLORS = { planned: '#4263eb', made: '#12b886', missed: '#fa5252', promises: '#f08c00', present: '#7950f2' };

/**
 * Trend over time (click a day), breakdown by outcome (click an outcome) and per-agent comparison (click an
 * agent): each click narrows the visits table below to what the point stands for.
 */
export function DashboardCharts({
  data,
  onDay,
  onOutcome,
  onAgent,
}: {
  data: Dashboard;
  onDay: (date: string) => void;
  onOutcome: (code: string) => void;
  onAgent: (agentId: string) => void;
}) {
  const { t } = useTranslation();
  const trend = useMemo<ChartSeries[]>(
    () => [
      { name: t('reports.kpi.planned'), type: 'line', color: COLORS.planned, values: data.trend.map((d) => d.planned) },
      { name: t('reports.kpi.made'), type: 'bar', color: COLORS.made, values: data.trend.map((d) => d.made) },
      { name: t('reports.kpi.missed'), type: 'bar', color: COLORS.missed, values: data.trend.map((d) => d.missed) },
      {
        name: t('reports.chart.promises'),
        type: 'line',
        color: COLORS.promises,
        values: data.trend.map((d) => d.promises),
      },
    ],
    [data.trend, t],
  );
  const outcomes = useMemo<ChartSeries[]>(
    () => [{ name: t('reports.kpi.made'), type: 'bar', color: '#0ca678', values: data.byOutcome.map((o) => o.count) }],
    [data.byOutcome, t],
  );
  const agents = useMemo<ChartSeries[]>(
    () => [
      { name: t('reports.kpi.made'), type: 'bar', color: COLORS.made, values: data.byAgent.map((a) => a.made) },
      {
        name: t('reports.chart.present'),
        type: 'bar',
        color: COLORS.present,
        values: data.byAgent.map((a) => a.present),
      },
      {
        name: t('reports.chart.promises'),
        type: 'bar',
        color: COLORS.promises,
        values: data.byAgent.map((a) => a.promises),
      },
    ],
    [data.byAgent, t],
  );
  const card = (title: string, chart: React.ReactNode) => (
    <Paper withBorder p="xs" radius="md">
      <Text size="sm" fw={600} mb={4}>
        {title}
      </Text>
      {chart}
    </Paper>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="xs">
      {card(
        t('reports.chart.trend'),
        <BarLineChart
          testId="chart-trend"
          categories={data.trend.map((d) => d.date.slice(5))}
          series={trend}
          onSelect={(i) => onDay(data.trend[i]?.date ?? '')}
        />,
      )}
      {card(
        t('reports.chart.byOutcome'),
        <BarLineChart
          testId="chart-outcomes"
          horizontal
          categories={data.byOutcome.map((o) => t(`outcome.${o.code}`, { defaultValue: o.code }))}
          series={outcomes}
          onSelect={(i) => onOutcome(data.byOutcome[i]?.code ?? '')}
        />,
      )}
      {card(
        t('reports.chart.byAgent'),
        <BarLineChart
          testId="chart-agents"
          rotateLabels
          categories={data.byAgent.map((a) => a.name)}
          series={agents}
          onSelect={(i) => onAgent(data.byAgent[i]?.agentId ?? '')}
        />,
      )}
    </SimpleGrid>
  );
}
