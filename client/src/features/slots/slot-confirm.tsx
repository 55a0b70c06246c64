import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { type Slot, slotWhen } from './slot-format';

/**
 * The step between picking and booking: the borrower reads the time back before it is agreed. The button is
 * disabled while the request is on its way; after a failure it sends the same pick again (the server answers
 * a repeated pick with the same booking).
 */
export function ConfirmStep({
  slot,
  timeZone,
  pending,
  error,
  onConfirm,
  onBack,
}: {
  slot: Slot;
  timeZone: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const when = slotWhen(slot, timeZone, currentLanguage(), t);
  return (
    <Stack gap="md" data-testid="slot-confirm-step">
      <Title order={3}>{t('slots.confirmTitle')}</Title>
      <Paper withBorder p="md" radius="md" bg="teal.0">
        <Text size="xl" fw={700} data-testid="slot-picked">
          {when.day} · {t('slots.slotRange', when)}
        </Text>
        <Text mt={4}>{t('slots.confirmText', when)}</Text>
      </Paper>
      {error && (
        <Alert color="red" data-testid="slot-confirm-error">
          {error}
        </Alert>
      )}
      <Button size="xl" fullWidth loading={pending} onClick={onConfirm} data-testid="slot-confirm">
        {error ? t('slots.retry') : t('slots.confirm')}
      </Button>
      <Button size="lg" variant="subtle" fullWidth disabled={pending} onClick={onBack} data-testid="slot-back">
        {t('slots.back')}
      </Button>
    </Stack>
  );
}

/** The agreed time, after confirming (`success`) or when the link is opened again (`used`). */
export function ChosenSlot({
  slot,
  timeZone,
  kind,
  footer,
}: {
  slot: Slot;
  timeZone: string;
  kind: 'success' | 'used';
  footer: ReactNode;
}) {
  const { t } = useTranslation();
  const when = slotWhen(slot, timeZone, currentLanguage(), t);
  return (
    <Alert
      color="teal"
      variant="light"
      radius="md"
      title={<Text fw={700}>{t(kind === 'success' ? 'slots.successTitle' : 'slots.usedTitle')}</Text>}
      data-testid={`slot-${kind}`}
    >
      <Stack gap={6}>
        <Text size="lg" fw={600} data-testid="slot-chosen">
          {t('slots.when', when)}
        </Text>
        <Text size="sm">{footer}</Text>
      </Stack>
    </Alert>
  );
}
