import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';

/** After an action on a case's messages: the panel and the case file (notices, follow-ups) read again. */
function useRefreshCase(caseId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.outbox.caseMessages.queryKey({ caseId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.appointments.caseFile.queryKey({ caseId }) });
  };
}

/**
 * Records the borrower's SMS opt-out (with why) or lifts it, after a confirmation. One idempotency key per
 * opening: a double click records once.
 */
export function OptOutDialog({
  caseId,
  mode,
  onClose,
}: {
  caseId: string;
  mode: 'record' | 'lift';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRefreshCase(caseId);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useForm({ initialValues: { reason: '' } });
  const server = useServerErrors(form);
  const done = () => {
    refresh();
    onClose();
  };
  const record = useMutation(trpc.messages.optOut.mutationOptions({ onSuccess: done, onError: server.apply }));
  const lift = useMutation(trpc.messages.liftOptOut.mutationOptions({ onSuccess: done, onError: server.apply }));
  const pending = record.isPending || lift.isPending;
  return (
    <Modal
      opened
      onClose={onClose}
      title={mode === 'record' ? t('messages.optOut.recordTitle') : t('messages.optOut.liftTitle')}
    >
      <form
        data-testid="opt-out-form"
        onSubmit={form.onSubmit((values) => {
          if (pending) return;
          server.clear();
          if (mode === 'record') {
            record.mutate({ caseId, channel: 'sms', reason: values.reason || undefined, idempotencyKey });
          } else {
            lift.mutate({ caseId, channel: 'sms', idempotencyKey });
          }
        })}
      >
        <Stack gap="sm">
          {server.message && <Alert color="red">{server.message}</Alert>}
          <Text size="sm">{mode === 'record' ? t('messages.optOut.recordText') : t('messages.optOut.liftText')}</Text>
          {mode === 'record' && (
            <Textarea
              label={t('messages.optOut.reasonLabel')}
              placeholder={t('messages.optOut.reasonPlaceholder')}
              autosize
              minRows={2}
              data-testid="opt-out-reason"
              {...form.getInputProps('reason')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('messages.panel.cancel')}
            </Button>
            <Button type="submit" color="orange" loading={pending} data-testid="opt-out-confirm">
              {t('messages.optOut.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Writes a first or appointment notice to the outbox (sent when the rules allow), after a confirmation. */
export function SendNoticeDialog({
  caseId,
  stage,
  onClose,
}: {
  caseId: string;
  stage: 'first_notice' | 'appointment_notice';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRefreshCase(caseId);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string | null>(null);
  const send = useMutation(
    trpc.messages.sendNotice.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('messages.panel.sentNotice') });
        refresh();
        onClose();
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`${t('messages.panel.sendNotice')}: ${t(`messages.kind.${stage}`)}`}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('messages.panel.cancel')}
          </Button>
          <Button
            loading={send.isPending}
            onClick={() => send.mutate({ caseId, stage, idempotencyKey })}
            data-testid="send-sms-confirm"
          >
            {t('messages.panel.send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
