import { Badge, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

/**
 * Cases waiting for a visit to be arranged: broken promises and borrowers who asked for a call from their
 * slot link. Agreeing a slot on the case takes it off the list.
 */
export function FollowUpQueue({
  teamId,
  selected,
  onOpen,
}: {
  teamId: string | undefined;
  selected: string | null;
  onOpen: (caseId: string) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const queue = useQuery(trpc.payments.followUps.queryOptions({ teamId }));
  const rows = queue.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Paper withBorder p="xs" mb="md" data-testid="follow-up-queue">
      <Group gap="xs" mb={6}>
        <Title order={5}>{t('cases.queue')}</Title>
        <Badge color="orange" variant="light">
          {rows.length}
        </Badge>
      </Group>
      <Stack gap={4}>
        {rows.map((f) => (
          <UnstyledButton
            key={f.id}
            onClick={() => onOpen(f.caseId)}
            p={6}
            bg={f.caseId === selected ? 'var(--mantine-color-teal-light)' : undefined}
            style={{ borderRadius: 4 }}
            data-testid="follow-up-row"
          >
            <Text size="sm" fw={500}>
              {formatCalendarDate(f.proposedFor, locale)} · {f.loanRef}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {f.reason}
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
    </Paper>
  );
}
