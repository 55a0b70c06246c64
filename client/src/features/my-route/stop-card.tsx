import { Badge, Button, Card, Group, Menu, Stack, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatSlot, formatTime } from '../../lib/format';
import { navigationLinks } from './navigate';
import { type FieldStop, formatDistance, isCorrection, isDone } from './route-state';

export type StopAction = 'enRoute' | 'badge' | 'outcome';

/** One stop as a thumb-sized card: order, agreed slot, ETA, where, whom, and the next step. No debt details. */
export function StopCard({
  stop,
  index,
  timeZone,
  onAction,
  busy,
}: {
  stop: FieldStop;
  index: number;
  timeZone: string;
  onAction: (action: StopAction) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const done = isDone(stop);
  const links = navigationLinks(stop, stop.district);
  return (
    <Card
      withBorder
      radius="lg"
      padding="md"
      data-testid="route-stop"
      data-stop-id={stop.id}
      data-status={stop.status}
      opacity={done ? 0.7 : 1}
    >
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon
          size={44}
          radius="xl"
          variant={done ? 'light' : 'filled'}
          color={done ? 'green' : 'teal'}
          aria-hidden
        >
          <Text fw={700} size="lg" c="inherit">
            {done ? '✓' : (stop.position ?? index + 1)}
          </Text>
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={700} size="xl" data-testid="route-stop-slot" style={{ whiteSpace: 'nowrap' }}>
              {formatSlot(stop.slotStart, stop.slotEnd, timeZone, locale)}
            </Text>
            <StatusBadge status={stop.status} size="md" />
          </Group>
          <Group gap="xs">
            {stop.plannedArrival && (
              <Text size="sm" c="teal.8" fw={500}>
                {t('myRoute.arrival', { time: formatTime(stop.plannedArrival, timeZone, locale) })}
              </Text>
            )}
            {stop.legDistanceM !== null && (
              <Text size="sm" c="dimmed">
                · {t('field.stop.leg', { distance: formatDistance(stop.legDistanceM, locale) })}
              </Text>
            )}
          </Group>
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
            {stop.outcomeCode && (
              <Badge variant="light" size="sm" color="green" data-testid="stop-outcome">
                {t(`outcome.${stop.outcomeCode}`)}
              </Badge>
            )}
            {stop.checkInFlagged && (
              <Badge variant="light" size="sm" color="orange">
                {t('field.stop.farCheckIn', { distance: formatDistance(stop.checkInDistanceM, locale) })}
              </Badge>
            )}
            {stop.pendingSync && (
              <Badge variant="light" size="sm" color="yellow" data-testid="stop-pending">
                {t('field.sync.waiting')}
              </Badge>
            )}
          </Group>
        </Stack>
      </Group>
      {!done && (
        <Group mt="md" gap="sm" wrap="nowrap">
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button size="lg" px="md" variant="default" data-testid="stop-navigate">
                {t('field.stop.navigate')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={links.amap} target="_blank" rel="noopener">
                {t('field.nav.amap')}
              </Menu.Item>
              <Menu.Item component="a" href={links.baidu} target="_blank" rel="noopener">
                {t('field.nav.baidu')}
              </Menu.Item>
              <Menu.Item component="a" href={links.apple} target="_blank" rel="noopener">
                {t('field.nav.apple')}
              </Menu.Item>
              <Menu.Item component="a" href={links.geo} data-testid="nav-geo">
                {t('field.nav.geo')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <NextStep stop={stop} onAction={onAction} busy={busy} />
        </Group>
      )}
      {isCorrection(stop) && (
        <Group mt="sm" justify="flex-end">
          <Button variant="subtle" size="md" onClick={() => onAction('outcome')} data-testid="stop-outcome-correct">
            {t('field.stop.correctOutcome')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

function NextStep({ stop, onAction, busy }: { stop: FieldStop; onAction: (a: StopAction) => void; busy?: boolean }) {
  const { t } = useTranslation();
  if (stop.status === 'assigned') {
    return (
      <Button
        size="lg"
        style={{ flex: 1 }}
        loading={busy}
        onClick={() => onAction('enRoute')}
        data-testid="stop-en-route"
      >
        {t('field.stop.enRoute')}
      </Button>
    );
  }
  if (stop.status === 'en_route') {
    return (
      <Button size="lg" style={{ flex: 1 }} color="orange" onClick={() => onAction('badge')} data-testid="stop-arrived">
        {t('field.stop.arrived')}
      </Button>
    );
  }
  return (
    <Button
      size="lg"
      style={{ flex: 1 }}
      color="teal"
      onClick={() => onAction('outcome')}
      data-testid="stop-outcome-open"
    >
      {t('field.stop.recordOutcome')}
    </Button>
  );
}
