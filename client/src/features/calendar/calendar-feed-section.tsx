import { Alert, Button, Card, Code, CopyButton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';

type Created = RouterOutputs['calendar']['createFeed'];

/**
 * The agent's private calendar address (SPEC §8.5): create it (shown once, to copy into a phone's calendar app),
 * replace it, or revoke it. The address is the secret, so the screen never shows it again after this visit.
 */
export function CalendarFeedSection({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locale = currentLanguage();
  const feed = useQuery(trpc.calendar.myFeed.queryOptions());
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One key per intended create, kept until it succeeds: a double tap or a lost answer makes one address.
  const createKey = useRef(crypto.randomUUID());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.calendar.myFeed.queryKey() });
  const create = useMutation(
    trpc.calendar.createFeed.mutationOptions({
      onSuccess: (answer) => {
        createKey.current = crypto.randomUUID();
        setCreated(answer);
        void refresh();
      },
      onError: (err) => setError(errorInfo(err).message),
    }),
  );
  const revoke = useMutation(
    trpc.calendar.revokeFeed.mutationOptions({
      onSuccess: () => {
        setCreated(null);
        void refresh();
      },
      onError: (err) => setError(errorInfo(err).message),
    }),
  );
  const live = feed.data ?? null;
  // The address just created, until the feed read says another one is live (a replace shows once the read has it).
  const shown = created?.url && (!live || live.id === created.id) ? created.url : null;

  const onCreate = () => {
    if (live && !window.confirm(t('calendar.confirmReplace'))) return;
    setError(null);
    create.mutate({ idempotencyKey: createKey.current });
  };
  const onRevoke = () => {
    if (!window.confirm(t('calendar.confirmRevoke'))) return;
    setError(null);
    revoke.mutate({ idempotencyKey: crypto.randomUUID() });
  };

  return (
    <Card withBorder padding="md" data-testid="calendar-feed">
      <Stack gap="sm">
        <Title order={3}>{t('calendar.title')}</Title>
        <Text size="sm">{t('calendar.intro')}</Text>
        {error && <Alert color="red">{error}</Alert>}
        {shown && (
          <Stack gap="xs" data-testid="calendar-feed-created">
            <Alert color="yellow" title={t('calendar.onceTitle')}>
              {t('calendar.onceWarning')}
            </Alert>
            <Code block data-testid="calendar-feed-url" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {shown}
            </Code>
            <CopyButton value={shown}>
              {({ copied, copy }) => (
                <Button
                  size="md"
                  variant={copied ? 'light' : 'filled'}
                  color={copied ? 'teal' : undefined}
                  onClick={copy}
                  data-testid="calendar-feed-copy"
                >
                  {copied ? t('calendar.copied') : t('calendar.copy')}
                </Button>
              )}
            </CopyButton>
            <Text size="xs" c="dimmed">
              {t('calendar.howTo')}
            </Text>
          </Stack>
        )}
        {live ? (
          <Text size="sm" data-testid="calendar-feed-state">
            {t('calendar.live', { created: formatDateTime(live.createdAt, timeZone, locale) })}{' '}
            {live.lastFetchedAt
              ? t('calendar.lastFetched', { at: formatDateTime(live.lastFetchedAt, timeZone, locale) })
              : t('calendar.neverFetched')}
          </Text>
        ) : (
          feed.isSuccess && (
            <Text size="sm" c="dimmed" data-testid="calendar-feed-state">
              {t('calendar.none')}
            </Text>
          )
        )}
        {created && !created.url && (
          <Alert color="gray" data-testid="calendar-feed-replayed">
            {t('calendar.replayed')}
          </Alert>
        )}
        <Stack gap="xs">
          <Button size="md" fullWidth onClick={onCreate} loading={create.isPending} data-testid="calendar-feed-create">
            {live ? t('calendar.replace') : t('calendar.create')}
          </Button>
          {live && (
            <Button
              size="md"
              fullWidth
              variant="light"
              color="red"
              onClick={onRevoke}
              loading={revoke.isPending}
              data-testid="calendar-feed-revoke"
            >
              {t('calendar.revoke')}
            </Button>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
