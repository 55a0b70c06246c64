import { Alert, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { StopCard } from './stop-card';

/** The agent's visits today, in route order, phone-first. */
export default function MyRoutePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const route = useQuery(trpc.myRoute.today.queryOptions({}));
  return (
    <Container size={560} px={0}>
      <QueryState query={route}>
        {(r) => (
          <Stack gap="sm">
            <Group justify="space-between" align="baseline">
              <Title order={2} data-testid="page-title">
                {t('myRoute.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {formatCalendarDate(r.date, currentLanguage())} · {t('myRoute.stops', { count: r.stops.length })}
              </Text>
            </Group>
            {r.crew ? (
              <Text size="sm" data-testid="route-crew">
                {t('myRoute.crew')}: {r.crew.name} —{' '}
                {r.crew.members.map((m) => `${m.fullName} (${m.badgeNo})`).join(', ')}
              </Text>
            ) : (
              <Alert color="gray">{t('myRoute.noCrew')}</Alert>
            )}
            {r.stops.length === 0 && r.crew && <Alert color="gray">{t('myRoute.noStops')}</Alert>}
            {r.stops.map((stop, i) => (
              <StopCard key={stop.id} stop={stop} index={i} timeZone={r.timeZone} />
            ))}
            <Text size="xs" c="dimmed" ta="center">
              {t('common.timeZone', { zone: r.timeZone })}
            </Text>
          </Stack>
        )}
      </QueryState>
    </Container>
  );
}
