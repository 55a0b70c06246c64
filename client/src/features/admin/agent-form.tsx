import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AffectedVisit, AffectedVisitsDialog, affectedVisitsOf } from '../../components/affected-visits-dialog';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import { type AgentFormValues, createAgentForm, updateAgentForm } from './agent-inputs';

type StoredAgent = RouterOutputs['admin']['agent'];

/** Tags the planner matches on; others may be typed. */
const SKILL_SUGGESTIONS = ['negotiation', 'verification', 'lang:en', 'dialect:沪语', 'dialect:粤语'];
const LANGUAGE_SUGGESTIONS = ['zh', 'en', 'wuu', 'yue'];

function startValues(agent: StoredAgent | undefined): AgentFormValues {
  return {
    key: crypto.randomUUID(),
    userId: agent?.userId ?? null,
    fullName: agent?.fullName ?? '',
    badgeNo: agent?.badgeNo ?? '',
    credentialNo: agent?.credentialNo ?? '',
    credentialValidFrom: agent?.credentialValidFrom ?? '',
    credentialValidTo: agent?.credentialValidTo ?? '',
    phone: agent?.phone ?? '',
    skills: agent?.skills ?? [],
    languages: agent?.languages ?? ['zh'],
    baseId: agent?.baseId ?? null,
    maxVisitsPerDay: agent?.maxVisitsPerDay ?? 8,
    preferredPartnerId: agent?.preferredPartnerId ?? null,
    active: agent?.active ?? true,
  };
}

/**
 * Creates an agent of a team or changes one. The input is checked with the procedure's schema before sending and
 * the server's refusals land under their fields; a change that takes the agent off planned visits (deactivation,
 * a shorter credential) opens the affected-visits dialog and is sent again, confirmed, only from there.
 */
export function AgentForm({
  teamId,
  timeZone,
  agent,
  linkedUsername,
  onDone,
}: {
  teamId: string;
  timeZone: string;
  agent?: StoredAgent;
  /** The sign-in the agent is linked to now (the options list only free ones). */
  linkedUsername?: string | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = useQuery(trpc.admin.agentOptions.queryOptions({ teamId }));
  const form = useForm<AgentFormValues>({ initialValues: startValues(agent) });
  const errors = useFormErrors();
  const [affected, setAffected] = useState<AffectedVisit[] | null>(null);
  const done = (message: string) => {
    notifications.show({ color: 'teal', message });
    void qc.invalidateQueries({ queryKey: trpc.admin.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.teams.setupChecklist.queryKey() });
    onDone();
  };
  const create = useMutation(
    trpc.admin.createAgent.mutationOptions({
      onSuccess: (_, input) => done(t('agents.form.created', { name: input.fullName })),
      onError: errors.apply,
    }),
  );
  const update = useMutation(
    trpc.admin.updateAgent.mutationOptions({
      onSuccess: (out, input) => {
        setAffected(null);
        done(t('agents.form.saved', { name: input.fullName, count: out.released }));
      },
      onError: (err) => {
        const list = affectedVisitsOf(err);
        if (list) setAffected(list);
        else {
          setAffected(null);
          errors.apply(err);
        }
      },
    }),
  );
  const send = (values: AgentFormValues, confirm: boolean) => {
    if (agent) {
      const input = errors.check(updateAgentForm, { ...values, agentId: agent.id, confirm });
      if (input) update.mutate(input);
    } else {
      const input = errors.check(createAgentForm, { ...values, teamId });
      if (input) create.mutate(input);
    }
  };
  const e = errors.errors;
  const opts = options.data;
  const self = (id: string) => id !== agent?.id;
  const users = (opts?.users ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  if (agent?.userId && !users.some((u) => u.value === agent.userId)) {
    users.unshift({ value: agent.userId, label: linkedUsername ?? t('agents.form.currentUser') });
  }
  const bases = (opts?.bases ?? []).map((b) => ({ value: b.id, label: b.name }));
  if (agent?.baseId && !bases.some((b) => b.value === agent.baseId)) {
    bases.unshift({ value: agent.baseId, label: t('agents.form.currentBase') });
  }
  const partners = (opts?.agents ?? [])
    .filter((a) => self(a.id))
    .map((a) => ({ value: a.id, label: `${a.fullName} · ${a.badgeNo}` }));

  return (
    <form
      data-testid="agent-form"
      onSubmit={form.onSubmit((values) => {
        if (create.isPending || update.isPending) return;
        send(values, false);
      })}
    >
      <Stack gap="sm">
        {errors.message && (
          <Alert color="red" data-testid="agent-form-error">
            {errors.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('agents.fullName')}
            data-testid="agent-fullName"
            {...form.getInputProps('fullName')}
            error={e.fullName}
          />
          <TextInput
            label={t('agents.phone')}
            inputMode="tel"
            data-testid="agent-phone"
            {...form.getInputProps('phone')}
            error={e.phone}
          />
          <TextInput
            label={t('agents.badgeNo')}
            data-testid="agent-badgeNo"
            {...form.getInputProps('badgeNo')}
            error={e.badgeNo}
          />
          <TextInput
            label={t('agents.credentialNo')}
            data-testid="agent-credentialNo"
            {...form.getInputProps('credentialNo')}
            error={e.credentialNo}
          />
          <TextInput
            type="date"
            label={t('agents.validFrom')}
            data-testid="agent-validFrom"
            {...form.getInputProps('credentialValidFrom')}
            error={e.credentialValidFrom}
          />
          <TextInput
            type="date"
            label={t('agents.validTo')}
            data-testid="agent-validTo"
            {...form.getInputProps('credentialValidTo')}
            error={e.credentialValidTo}
          />
          <Select
            label={t('agents.base')}
            data-testid="agent-base"
            data={bases}
            placeholder={bases.length ? undefined : t('agents.form.noBases')}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('baseId')}
            error={e.baseId}
          />
          <NumberInput
            label={t('agents.maxVisits')}
            data-testid="agent-maxVisits"
            min={1}
            max={30}
            allowDecimal={false}
            {...form.getInputProps('maxVisitsPerDay')}
            error={e.maxVisitsPerDay}
          />
          <TagsInput
            label={t('agents.skillTags')}
            data-testid="agent-skills"
            data={SKILL_SUGGESTIONS}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('skills')}
            error={e.skills ?? Object.entries(e).find(([k]) => k.startsWith('skills.'))?.[1]}
          />
          <TagsInput
            label={t('agents.languages')}
            data-testid="agent-languages"
            data={LANGUAGE_SUGGESTIONS}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('languages')}
            error={e.languages ?? Object.entries(e).find(([k]) => k.startsWith('languages.'))?.[1]}
          />
          <Select
            label={t('agents.partner')}
            data-testid="agent-partner"
            data={partners}
            clearable
            searchable
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('preferredPartnerId')}
            error={e.preferredPartnerId}
          />
          <Select
            label={t('agents.signIn')}
            data-testid="agent-user"
            data={users}
            clearable
            searchable
            placeholder={t('agents.form.noSignIn')}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('userId')}
            error={e.userId}
          />
        </SimpleGrid>
        <Switch
          label={t('agents.activeLabel')}
          data-testid="agent-active"
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="agent-submit">
            {agent ? t('agents.form.save') : t('agents.form.create')}
          </Button>
        </Group>
      </Stack>
      <AffectedVisitsDialog
        visits={affected}
        timeZone={timeZone}
        confirming={update.isPending}
        onCancel={() => setAffected(null)}
        onConfirm={() => send(form.getValues(), true)}
      />
    </form>
  );
}
