import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';

type Created = RouterOutputs['tokens']['create'];

/** The new token, shown this once with a copy button; a replayed create names the token but has no secret. */
function ShownOnce({ created, onDone }: { created: Created; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="token-created">
      {created.token ? (
        <>
          <Alert color="yellow" title={t('tokens.onceTitle')}>
            {t('tokens.onceWarning')}
          </Alert>
          <Code block data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
            {created.token}
          </Code>
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'light' : 'filled'}
                color={copied ? 'teal' : undefined}
                onClick={copy}
                data-testid="token-copy"
              >
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </Button>
            )}
          </CopyButton>
        </>
      ) : (
        <Alert color="gray" data-testid="token-replayed">
          {t('tokens.replayed', { prefix: created.prefix })}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('tokens.useHint')}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} data-testid="token-done">
          {t('tokens.done')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Creates a service token. The idempotency key is the caller's (kept until a create succeeds), so a double submit
 * or a lost answer makes one token; validation is the server's, its messages land under the fields.
 */
export function NewTokenForm({
  idempotencyKey,
  onCreated,
  onDone,
}: {
  idempotencyKey: string;
  onCreated: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.admin.teams.queryOptions());
  const [created, setCreated] = useState<Created | null>(null);
  const form = useForm({ initialValues: { name: '', teamIds: [] as string[], expiresInDays: 90 as number | string } });
  const server = useServerErrors(form);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (answer) => {
        setCreated(answer);
        onCreated();
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
      onError: server.apply,
    }),
  );
  if (created) return <ShownOnce created={created} onDone={onDone} />;
  return (
    <form
      data-testid="new-token-form"
      onSubmit={form.onSubmit((values) => {
        if (create.isPending) return;
        server.clear();
        create.mutate({ ...values, expiresInDays: Number(values.expiresInDays), idempotencyKey });
      })}
    >
      <Stack gap="sm">
        {server.message && <Alert color="red">{server.message}</Alert>}
        <TextInput
          label={t('tokens.name')}
          description={t('tokens.nameHint')}
          data-testid="token-name"
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label={t('tokens.teams')}
          description={t('tokens.teamsHint')}
          searchable
          data-testid="token-teams"
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: `${x.code} · ${x.name}` }))}
          {...form.getInputProps('teamIds')}
        />
        <NumberInput
          label={t('tokens.expiresInDays')}
          min={1}
          max={366}
          allowDecimal={false}
          data-testid="token-days"
          {...form.getInputProps('expiresInDays')}
        />
        <Button type="submit" loading={create.isPending} data-testid="token-submit">
          {t('tokens.create')}
        </Button>
      </Stack>
    </form>
  );
}
