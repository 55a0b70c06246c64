import { Group, Pagination, Text } from '@mantine/core';
import type { TeamPage } from '@shared/domain/team-pages';
import { useTranslation } from 'react-i18next';

/** "Teams 6–10 of 50" and the page buttons; nothing when every team fits on one page. */
export function TeamPager({ shown, onPage }: { shown: TeamPage; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  if (shown.pages <= 1) return null;
  return (
    <Group gap="sm">
      <Text size="sm" data-testid="teams-page">
        {t('dispatch.teamsPage', { from: shown.from, to: shown.to, total: shown.total })}
      </Text>
      <Pagination size="sm" total={shown.pages} value={shown.page} onChange={onPage} data-testid="teams-pager" />
    </Group>
  );
}
