import { Alert, Button, Code, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';
import type { TemplateRow } from './templates-tab';

type Preview = RouterOutputs['outbox']['previewTemplate'];

/**
 * Edits one kind's text in one language: preview renders it with sample values (an unknown {variable} is refused
 * under the field, in the server's words); save is offered for the text last previewed and makes it the next
 * version. One idempotency key per opening, so a double click saves once.
 */
export function TemplateEditor({ row, onClose }: { row: TemplateRow; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [preview, setPreview] = useState<(Preview & { body: string }) | null>(null);
  const form = useForm({ initialValues: { body: row.body } });
  const server = useServerErrors(form);
  const input = () => ({ kind: row.kind, locale: row.locale, body: form.values.body });
  const previewing = useMutation(
    trpc.outbox.previewTemplate.mutationOptions({
      onSuccess: (answer, sent) => setPreview({ ...answer, body: sent.body }),
      onError: (e) => {
        setPreview(null);
        server.apply(e);
      },
    }),
  );
  const saving = useMutation(
    trpc.outbox.saveTemplate.mutationOptions({
      onSuccess: (answer) => {
        notifications.show({ color: 'green', message: t('messages.templates.saved', { version: answer.version }) });
        void queryClient.invalidateQueries({ queryKey: trpc.outbox.templates.queryKey() });
        onClose();
      },
      onError: server.apply,
    }),
  );
  const previewed = preview !== null && preview.body === form.values.body;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={t('messages.templates.editTitle', {
        kind: t(`messages.kind.${row.kind}`),
        language: t(`messages.languages.${row.locale}`),
      })}
    >
      <form
        data-testid="template-form"
        onSubmit={form.onSubmit(() => {
          if (!previewed || saving.isPending) return;
          server.clear();
          saving.mutate({ ...input(), idempotencyKey });
        })}
      >
        <Stack gap="sm">
          {server.message && <Alert color="red">{server.message}</Alert>}
          <Textarea
            label={t('messages.templates.body')}
            autosize
            minRows={3}
            maxRows={10}
            data-testid="template-body-input"
            {...form.getInputProps('body')}
          />
          <Group gap={4}>
            <Text size="xs" c="dimmed">
              {t('messages.templates.variables')}:
            </Text>
            {row.variables.map((v) => (
              <Code key={v} fz="xs">{`{${v}}`}</Code>
            ))}
          </Group>
          {previewed && (
            <Paper withBorder p="sm" bg="var(--mantine-color-gray-light)" data-testid="template-preview">
              <Text size="xs" c="dimmed" mb={4}>
                {t('messages.templates.previewTitle')} · {t('messages.templates.length', { count: preview.length })}
              </Text>
              <Text
                size="sm"
                style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
                data-testid="template-preview-text"
              >
                {preview.text}
              </Text>
            </Paper>
          )}
          {!previewed && (
            <Text size="xs" c="dimmed">
              {t('messages.templates.previewFirst')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('messages.templates.cancel')}
            </Button>
            <Button
              variant="light"
              loading={previewing.isPending}
              onClick={() => {
                server.clear();
                form.clearErrors();
                previewing.mutate(input());
              }}
              data-testid="template-preview-button"
            >
              {t('messages.templates.preview')}
            </Button>
            <Button type="submit" disabled={!previewed} loading={saving.isPending} data-testid="template-save">
              {t('messages.templates.save', { version: row.version + 1 })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
