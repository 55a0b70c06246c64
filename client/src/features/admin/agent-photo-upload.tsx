import { Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentPhoto } from '../../components/agent-photo';
import { readBase64 } from '../../lib/read-base64';
import { errorInfo, useTRPC } from '../../lib/trpc';

/**
 * The agent's ID photo as the badge and the borrower's check show it, and a button to replace it (JPEG, PNG or
 * WebP; the server checks the bytes and the size).
 */
export function AgentPhotoUpload({ agentId, hasPhoto }: { agentId: string; hasPhoto: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  // A new address after each upload, so the image is fetched again.
  const [version, setVersion] = useState(() => Date.now());
  const [shown, setShown] = useState(hasPhoto);
  const upload = useMutation(
    trpc.admin.setAgentPhoto.mutationOptions({
      onSuccess: () => {
        setShown(true);
        setVersion(Date.now());
        notifications.show({ color: 'teal', message: t('agents.photo.saved') });
        void qc.invalidateQueries({ queryKey: trpc.admin.agents.queryKey() });
      },
      onError: (err) => notifications.show({ color: 'red', message: errorInfo(err).message }),
    }),
  );
  const choose = async (file: File | null) => {
    if (!file) return;
    const dataBase64 = await readBase64(file);
    upload.mutate({ idempotencyKey: crypto.randomUUID(), agentId, mimeType: file.type || 'image/jpeg', dataBase64 });
  };
  return (
    <Group gap="md" align="center" data-testid="agent-photo-upload">
      <AgentPhoto src={shown ? `/admin/agent-photo/${agentId}?v=${version}` : null} size={72} />
      <Stack gap={4} align="flex-start">
        <FileButton onChange={(f) => void choose(f)} accept="image/jpeg,image/png,image/webp">
          {(props) => (
            <Button {...props} variant="light" size="xs" loading={upload.isPending} data-testid="agent-photo-choose">
              {shown ? t('agents.photo.replace') : t('agents.photo.add')}
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {t('agents.photo.hint')}
        </Text>
      </Stack>
    </Group>
  );
}
