import { Alert, Button, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';
import { PolicyFields, policyValues } from './policy-fields';

export interface EditedTeam {
  id: string;
  name: string;
  code: string;
  city: string;
  regionMarginKm: number;
  policy: { timeZone: string };
}

/**
 * A new team with its first policy (China preset by default), or an existing team's name, code, city and time
 * zone. Every rule is the server's; its messages land under the fields.
 */
export function TeamForm({ team, onDone }: { team: EditedTeam | null; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // One key per form: a double submit or a retry after a lost answer cannot create a second team.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useForm({
    initialValues: {
      name: team?.name ?? '',
      code: team?.code ?? '',
      city: team?.city ?? '',
      timeZone: team?.policy.timeZone ?? 'Asia/Shanghai',
      regionMarginKm: (team?.regionMarginKm ?? 30) as number | string,
      policy: policyValues(),
    },
  });
  const server = useServerErrors(form);
  const done = (message: string) => {
    notifications.show({ color: 'teal', message });
    void queryClient.invalidateQueries({ queryKey: trpc.admin.teams.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.teams.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.teams.setupChecklist.queryKey() });
    onDone();
  };
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: (_, input) => done(t('orgSetup.team.created', { name: input.name })),
      onError: server.apply,
    }),
  );
  const update = useMutation(
    trpc.teams.update.mutationOptions({
      onSuccess: (_, input) => done(t('orgSetup.team.saved', { name: input.name })),
      onError: server.apply,
    }),
  );
  const pending = create.isPending || update.isPending;
  return (
    <form
      data-testid="team-form"
      onSubmit={form.onSubmit((v) => {
        if (pending) return;
        server.clear();
        const fields = { name: v.name, code: v.code, city: v.city, timeZone: v.timeZone, idempotencyKey };
        const margin = typeof v.regionMarginKm === 'number' ? v.regionMarginKm : Number.NaN;
        if (team) update.mutate({ ...fields, teamId: team.id, regionMarginKm: margin });
        else create.mutate({ ...fields, policy: v.policy });
      })}
    >
      <Stack gap="sm">
        {server.message && (
          <Alert color="red" data-testid="team-form-error">
            {server.message}
          </Alert>
        )}
        <TextInput label={t('orgSetup.team.name')} data-testid="team-name" {...form.getInputProps('name')} />
        <TextInput
          label={t('orgSetup.team.code')}
          description={t('orgSetup.team.codeHint')}
          data-testid="team-code"
          {...form.getInputProps('code')}
        />
        <TextInput label={t('orgSetup.team.city')} data-testid="team-city" {...form.getInputProps('city')} />
        <TextInput
          label={t('orgSetup.team.timeZone')}
          description={t('orgSetup.team.timeZoneHint')}
          data-testid="team-time-zone"
          {...form.getInputProps('timeZone')}
        />
        {team && (
          <NumberInput
            label={t('orgSetup.team.regionMargin')}
            description={t('orgSetup.team.regionMarginHint')}
            data-testid="team-region-margin"
            allowDecimal={false}
            min={0}
            max={1000}
            suffix=" km"
            {...form.getInputProps('regionMarginKm')}
          />
        )}
        {!team && <PolicyFields form={form} />}
        <Button type="submit" loading={pending} data-testid="team-submit">
          {team ? t('orgSetup.team.save') : t('orgSetup.team.create')}
        </Button>
      </Stack>
    </form>
  );
}
