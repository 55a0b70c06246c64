import { Alert, Button, Divider, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { localDate } from '@shared/time';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';
import { PolicyFields, type PolicyValues, policyValues } from './policy-fields';

type TeamRow = RouterOutputs['admin']['teams'][number];
type Version = RouterOutputs['teams']['policyVersions'][number];

const hhmm = (time: string) => time.slice(0, 5);

/** A team's policy versions, newest first: from which date each applies, and what it says. */
function VersionsTable({ versions }: { versions: Version[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped fz="sm" data-testid="policy-versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('orgSetup.policy.effectiveFrom')}</Table.Th>
            <Table.Th>{t('orgSetup.policy.hours')}</Table.Th>
            <Table.Th>{t('orgSetup.policy.slotMinutes')}</Table.Th>
            <Table.Th>{t('orgSetup.policy.frequencyCap')}</Table.Th>
            <Table.Th>{t('orgSetup.policy.by')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.effectiveFrom} data-testid="policy-version">
              <Table.Td>{v.effectiveFrom === '2000-01-01' ? t('orgSetup.policy.fromStart') : v.effectiveFrom}</Table.Td>
              <Table.Td>
                {hhmm(v.allowedStart)}–{hhmm(v.allowedEnd)} · {t(`jurisdiction.${v.jurisdiction}`)}
              </Table.Td>
              <Table.Td>{v.slotMinutes}</Table.Td>
              <Table.Td>{v.frequencyCap}</Table.Td>
              <Table.Td>{v.createdByName ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A policy change from a date on (today or later in the team's zone; the server refuses a past date): what lies
 * before that date keeps the policy it was agreed under. Starts from the policy in effect today.
 */
export function TeamPolicyForm({ team, onDone }: { team: TeamRow; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.teams.policyVersions.queryOptions({ teamId: team.id }));
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const form = useForm<{ policy: PolicyValues & { effectiveFrom: string } }>({
    initialValues: {
      policy: {
        ...policyValues(team.policy as Partial<PolicyValues>),
        effectiveFrom: localDate(new Date(), team.policy.timeZone),
      },
    },
  });
  const server = useServerErrors(form);
  const save = useMutation(
    trpc.teams.setPolicy.mutationOptions({
      onSuccess: (out) => {
        notifications.show({ color: 'teal', message: t('orgSetup.policy.saved', { date: out.effectiveFrom }) });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.teams.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.teams.policyVersions.queryKey({ teamId: team.id }) });
        onDone();
      },
      onError: server.apply,
    }),
  );
  return (
    <Stack gap="md">
      <form
        data-testid="policy-form"
        onSubmit={form.onSubmit((v) => {
          if (save.isPending) return;
          server.clear();
          save.mutate({ idempotencyKey, teamId: team.id, policy: v.policy });
        })}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('orgSetup.policy.explain')}
          </Text>
          {server.message && (
            <Alert color="red" data-testid="policy-form-error">
              {server.message}
            </Alert>
          )}
          <TextInput
            type="date"
            label={t('orgSetup.policy.effectiveFrom')}
            data-testid="policy-effective-from"
            {...form.getInputProps('policy.effectiveFrom')}
          />
          <PolicyFields form={form} />
          <Button type="submit" loading={save.isPending} data-testid="policy-submit">
            {t('orgSetup.policy.save')}
          </Button>
        </Stack>
      </form>
      <Divider />
      <Title order={5}>{t('orgSetup.policy.versions')}</Title>
      <QueryState query={versions}>{(rows) => <VersionsTable versions={rows} />}</QueryState>
    </Stack>
  );
}
