import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorInfo, useTRPC } from '../../lib/trpc';

/**
 * "None of these times suit me": the borrower asks for a call instead, with an optional word on when. The
 * server retires the link and puts the request in the dispatcher's follow-up queue; `onDone` reloads the page.
 */
export function DeclineSlots({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const decline = useMutation(trpc.slots.decline.mutationOptions({ onSuccess: onDone }));
  if (!open) {
    return (
      <Button variant="subtle" onClick={() => setOpen(true)} data-testid="slot-decline-open">
        {t('slots.declineOpen')}
      </Button>
    );
  }
  return (
    <Stack gap="xs" data-testid="slot-decline">
      <Text size="sm">{t('slots.declineText')}</Text>
      <Textarea
        label={t('slots.declineNote')}
        value={note}
        maxLength={300}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
        data-testid="slot-decline-note"
      />
      {decline.error && <Alert color="red">{errorInfo(decline.error).message}</Alert>}
      <Group gap="xs">
        <Button
          loading={decline.isPending}
          onClick={() => decline.mutate({ token, note: note.trim() || undefined })}
          data-testid="slot-decline-send"
        >
          {t('slots.declineSend')}
        </Button>
        <Button variant="default" onClick={() => setOpen(false)}>
          {t('slots.back')}
        </Button>
      </Group>
    </Stack>
  );
}
