import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatTime } from '../../lib/format';
import { useTRPCClient } from '../../lib/trpc';
import type { QueueItem } from './offline-queue';
import { dismiss, flush, useQueue } from './sync-store';

function label(item: QueueItem, t: (k: string) => string) {
  return item.kind === 'outcome'
    ? `${t('field.sync.kinds.outcome')}: ${t(`outcome.${item.input.code}`)}`
    : t(`field.sync.kinds.${item.kind}`);
}

/** What is waiting to reach the server, what it refused, and a button to try now. */
export function SyncPanel({ online, timeZone }: { online: boolean; timeZone: string }) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const { items, syncing } = useQueue();
  // While online and sending, items leave within a second: listing them would only make the screen jump.
  const waiting = online && syncing ? [] : items.filter((i) => i.state === 'pending');
  const failed = items.filter((i) => i.state === 'failed');
  const kept = items.filter((i) => i.state === 'kept');
  if (online && waiting.length === 0 && failed.length === 0 && kept.length === 0) return null;
  if (!online && waiting.length === 0 && failed.length === 0 && kept.length === 0) {
    return (
      <Alert color="gray" data-testid="offline-banner">
        {t('field.sync.offline')}
      </Alert>
    );
  }
  return (
    <Stack gap="xs" data-testid="sync-panel">
      {!online && (
        <Alert color="gray" data-testid="offline-banner">
          {t('field.sync.offline')}
        </Alert>
      )}
      {waiting.length > 0 && (
        <Alert
          color="yellow"
          title={t('field.sync.waitingTitle', { count: waiting.length })}
          data-testid="sync-waiting"
        >
          <Stack gap={4}>
            {waiting.map((i) => (
              <Group key={i.clientId} justify="space-between" wrap="nowrap" data-testid="sync-item">
                <Text size="sm">{label(i, t)}</Text>
                <Text size="xs" c="dimmed">
                  {formatTime(i.queuedAt, timeZone, currentLanguage())}
                </Text>
              </Group>
            ))}
            <Button
              size="md"
              mt={4}
              variant="white"
              loading={syncing}
              disabled={!online}
              onClick={() => void flush(client)}
              data-testid="sync-now"
            >
              {t('field.sync.now')}
            </Button>
          </Stack>
        </Alert>
      )}
      {kept.map((i) => (
        <Alert key={i.clientId} color="orange" title={t('field.sync.keptTitle')} data-testid="sync-kept">
          <Stack gap={6}>
            <Text size="sm" data-testid="sync-kept-message">
              {i.error}
            </Text>
            <Button
              size="sm"
              variant="light"
              color="orange"
              onClick={() => void dismiss(i.clientId)}
              data-testid="sync-kept-ok"
            >
              {t('field.sync.understood')}
            </Button>
          </Stack>
        </Alert>
      ))}
      {failed.map((i) => (
        <Alert key={i.clientId} color="red" title={label(i, t)} data-testid="sync-failed">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm">{i.error}</Text>
            <Badge
              component="button"
              color="red"
              variant="light"
              onClick={() => void dismiss(i.clientId)}
              style={{ cursor: 'pointer' }}
            >
              {t('field.sync.dismiss')}
            </Badge>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
