import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../lib/trpc';
import { EChart } from './echart';

type Dashboard = RouterOutputs['reports']['dashboard'];

/** Grid of the outcome bar chart; the e2e test clicks inside the first bar, so keep it stable. */
export const OUTCOME_GRID = { left: 130, right: 24, top: 8, bottom: 24 } as const;

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
  const trend = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 56, bottom: 24 },
      xAxis: { type: 'category', data: data.trend.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('reports.kpi.planned'), type: 'line', data: data.trend.map((d) => d.planned) },
        { name: t('reports.kpi.made'), type: 'bar', data: data.trend.map((d) => d.made) },
        { name: t('reports.kpi.missed'), type: 'bar', data: data.trend.map((d) => d.missed) },
        { name: t('reports.chart.promises'), type: 'line', data: data.trend.map((d) => d.promises) },
      ],
    }),
    [data.trend, t],
  );
  const outcomes = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'item' },
      grid: OUTCOME_GRID,
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: data.byOutcome.map((o) => t(`outcome.${o.code}`, { defaultValue: o.code })),
      },
      series: [{ type: 'bar', data: data.byOutcome.map((o) => o.count), itemStyle: { color: '#0ca678' } }],
    }),
    [data.byOutcome, t],
  );
  const agents = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 64 },
      xAxis: { type: 'category', data: data.byAgent.map((a) => a.name), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('reports.kpi.made'), type: 'bar', data: data.byAgent.map((a) => a.made) },
        { name: t('reports.chart.present'), type: 'bar', data: data.byAgent.map((a) => a.present) },
        { name: t('reports.chart.promises'), type: 'bar', data: data.byAgent.map((a) => a.promises) },
      ],
    }),
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
        <EChart testId="chart-trend" option={trend} onClick={(p) => onDay(data.trend[p.dataIndex]?.date ?? '')} />,
      )}
      {card(
        t('reports.chart.byOutcome'),
        <EChart
          testId="chart-outcomes"
          option={outcomes}
          onClick={(p) => onOutcome(data.byOutcome[p.dataIndex]?.code ?? '')}
        />,
      )}
      {card(
        t('reports.chart.byAgent'),
        <EChart
          testId="chart-agents"
          option={agents}
          onClick={(p) => onAgent(data.byAgent[p.dataIndex]?.agentId ?? '')}
        />,
      )}
    </SimpleGrid>
  );
}
