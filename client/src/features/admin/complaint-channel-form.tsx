import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useFieldState } from '../../lib/use-field-state';
import { useServerErrors } from '../../lib/use-server-form';

/** Sets where a team's borrowers complain; the server checks the number and the address and needs one of them. */
export function ComplaintChannelForm({
  team,
  onDone,
}: {
  team: { id: string; name: string; complaintPhone: string | null; complaintUrl: string | null };
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { values, setErrors, field } = useFieldState({
    phone: team.complaintPhone ?? '',
    url: team.complaintUrl ?? '',
  });
  const server = useServerErrors({ setErrors });
  const save = useMutation(
    trpc.admin.setComplaintChannel.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('admin.complaint.saved', { team: team.name }) });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.teams.queryKey() });
        onDone();
      },
      onError: server.apply,
    }),
  );
  return (
    <form
      data-testid="complaint-channel-form"
      onSubmit={(e) => {
        e.preventDefault();
        server.clear();
        // A blank field means "none": the server needs at least one of the two.
        save.mutate({ teamId: team.id, phone: values.phone.trim() || undefined, url: values.url.trim() || undefined });
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('admin.complaint.explain')}</Text>
        {server.message && <Alert color="red">{server.message}</Alert>}
        <TextInput
          label={t('admin.complaint.phone')}
          placeholder="400-820-1234"
          data-testid="complaint-phone-input"
          {...field('phone')}
        />
        <TextInput
          label={t('admin.complaint.url')}
          placeholder="https://…"
          data-testid="complaint-url-input"
          {...field('url')}
        />
        <Button type="submit" loading={save.isPending} data-testid="complaint-channel-save">
          {t('admin.complaint.save')}
        </Button>
      </Stack>
    </form>
  );
}
