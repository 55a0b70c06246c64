import { Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Board } from './use-board';

/**
 * Day summary: the day's visits (cancelled ones apart) by where they stand — waiting for a crew, given to a crew,
 * under way, made, missed; these add up to the total — then those at risk, and the crews' km and travel time.
 * "At risk" explains itself (the server's rule, on hover and focus) and opens the list of those visits.
 */
export function SummaryBar({ board, onShowAtRisk }: { board: Board; onShowAtRisk: () => void }) {
  const { t } = useTranslation();
  const s = board.summary;
  const items = [
    { key: 'total', label: t('dispatch.summary.total'), value: s.total, color: 'dark' },
    { key: 'unassigned', label: t('dispatch.summary.unassigned'), value: s.unassigned, color: 'gray' },
    { key: 'assigned', label: t('dispatch.summary.assigned'), value: s.assigned, color: 'indigo' },
    { key: 'underWay', label: t('dispatch.summary.underWay'), value: s.underWay, color: 'blue' },
    { key: 'completed', label: t('dispatch.summary.completed'), value: s.completed, color: 'green' },
    { key: 'missed', label: t('dispatch.summary.missed'), value: s.missed, color: s.missed ? 'orange' : 'gray' },
    ...(s.cancelled
      ? [{ key: 'cancelled', label: t('dispatch.summary.cancelled'), value: s.cancelled, color: 'gray' }]
      : []),
    { key: 'atRisk', label: t('dispatch.bar.atRisk'), value: s.atRisk, color: s.atRisk ? 'red' : 'gray' },
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
      {items.map((i) => {
        const badge = (
          <Badge key={i.key} size="lg" variant="light" color={i.color} data-testid={`summary-${i.key}`} tt="none">
            {i.label}: {i.value}
          </Badge>
        );
        if (i.key !== 'atRisk') return badge;
        return (
          <Tooltip
            key={i.key}
            multiline
            w={320}
            withArrow
            label={t('dispatch.bar.atRiskHelp', { count: board.atRiskRule?.marginMinutes ?? 0 })}
          >
            <UnstyledButton onClick={onShowAtRisk} aria-label={t('dispatch.bar.atRiskShow')} data-testid="at-risk-open">
              {badge}
            </UnstyledButton>
          </Tooltip>
        );
      })}
      <Text size="xs" c="dimmed" ml="auto">
        {t('common.timeZone', { zone: board.timeZone })}
      </Text>
    </Group>
  );
}
