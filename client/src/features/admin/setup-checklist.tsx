import { Anchor, Badge, Card, Group, List, Text, ThemeIcon, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../lib/trpc';

/** Where each step is done: the admin tab, or the screen the roster and crews are kept on. */
const STEP_LINKS: Record<string, string> = {
  teams: '/admin?tab=teams',
  bases: '/admin?tab=bases',
  agents: '/admin?tab=agents',
  roster: '/admin?tab=roster',
  crews: '/admin?tab=crews',
};

/**
 * The first-run checklist on the admin home: create a team → add bases → add agents → roster → crews, each
 * done or missing as the server counts it, with a link to its screen. Hidden once everything is there.
 */
export function SetupChecklist() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Roster and crews are set on other pages: count again whenever the admin home is shown.
  const list = useQuery({ ...trpc.teams.setupChecklist.queryOptions(), refetchOnMount: 'always' });
  if (!list.data || list.data.complete) return null;
  const next = list.data.steps.find((s) => !s.done)?.step;
  return (
    <Card withBorder mb="md" data-testid="setup-checklist">
      <Title order={4}>{t('orgSetup.checklist.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('orgSetup.checklist.explain')}
      </Text>
      <List spacing="xs" listStyleType="none">
        {list.data.steps.map((s, i) => (
          <List.Item
            key={s.step}
            data-testid={`setup-step-${s.step}`}
            data-done={s.done ? 'true' : 'false'}
            icon={
              <ThemeIcon size={22} radius="xl" color={s.done ? 'teal' : s.step === next ? 'blue' : 'gray'}>
                <Text size="xs" fw={700} c="white">
                  {s.done ? '✓' : i + 1}
                </Text>
              </ThemeIcon>
            }
          >
            <Group gap="xs">
              <Anchor component={Link} to={STEP_LINKS[s.step] ?? '/admin'} fw={s.step === next ? 700 : 400}>
                {t(`orgSetup.checklist.steps.${s.step}`)}
              </Anchor>
              <Badge size="sm" variant="light" color={s.done ? 'teal' : 'orange'}>
                {s.done ? t('orgSetup.checklist.done', { count: s.count }) : t('orgSetup.checklist.missing')}
              </Badge>
            </Group>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
