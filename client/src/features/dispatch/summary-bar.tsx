import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Board } from './use-board';

/** Day summary: the skeleton's counts plus planned / unassigned / at risk and total km and travel hours. */
export function SummaryBar({ board }: { board: Board }) {
  const { t } = useTranslation();
  const s = board.summary;
  const items = [
    { key: 'total', label: t('dispatch.summary.total'), value: s.total, color: 'dark' },
    { key: 'planned', label: t('dispatch.bar.planned'), value: s.planned, color: 'blue' },
    { key: 'unassigned', label: t('dispatch.summary.unassigned'), value: s.unassigned, color: 'gray' },
    { key: 'atRisk', label: t('dispatch.bar.atRisk'), value: s.atRisk, color: s.atRisk ? 'red' : 'gray' },
    { key: 'completed', label: t('dispatch.summary.completed'), value: s.completed, color: 'green' },
    { key: 'assigned', label: t('dispatch.summary.assigned'), value: s.assigned, color: 'indigo' },
    { key: 'km', label: t('dispatch.bar.km'), value: `${s.km} km`, color: 'teal' },
    {
      key: 'travel',
      label: t('dispatch.bar.travel'),
      value: t('dispatch.bar.hours', { h: (s.travelMinutes / 60).toFixed(1) }),
      color: 'teal',
    },
  ];
  return (
    <Group gap={6} data-testid="dispatch-summary" wrap="wrap">
      {items.map((i) => (
        <Badge key={i.key} size="lg" variant="light" color={i.color} data-testid={`summary-${i.key}`} tt="none">
          {i.label}: {i.value}
        </Badge>
      ))}
      <Text size="xs" c="dimmed" ml="auto">
        {t('common.timeZone', { zone: board.timeZone })}
      </Text>
    </Group>
  );
}
