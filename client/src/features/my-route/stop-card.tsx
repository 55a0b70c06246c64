import { Badge, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatSlot, formatTime } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

export type RouteStop = RouterOutputs['myRoute']['today']['stops'][number];

/** One stop as a thumb-sized card: order, agreed slot, where, whom. No debt details on purpose. */
export function StopCard({ stop, index, timeZone }: { stop: RouteStop; index: number; timeZone: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const done = stop.status === 'completed' || stop.status === 'cancelled' || stop.status === 'missed';
  return (
    <Card withBorder radius="lg" padding="md" data-testid="route-stop" opacity={done ? 0.6 : 1}>
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon size={44} radius="xl" variant={done ? 'light' : 'filled'} aria-hidden>
          <Text fw={700} size="lg" c="inherit">
            {stop.position ?? index + 1}
          </Text>
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={700} size="xl" data-testid="route-stop-slot" style={{ whiteSpace: 'nowrap' }}>
              {formatSlot(stop.slotStart, stop.slotEnd, timeZone, locale)}
            </Text>
            <StatusBadge status={stop.status} size="md" />
          </Group>
          {stop.plannedArrival && (
            <Text size="sm" c="teal.8" fw={500}>
              {t('myRoute.arrival', { time: formatTime(stop.plannedArrival, timeZone, locale) })}
            </Text>
          )}
          <Text size="md" fw={500}>
            {stop.borrowerFirstName}
          </Text>
          <Text size="sm">{stop.district}</Text>
          <Text size="sm" c="dimmed">
            {stop.addressText}
          </Text>
          <Group gap="xs" mt={4}>
            <Badge variant="outline" size="sm" color="gray">
              {t(`visitType.${stop.visitType}`)}
            </Badge>
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
