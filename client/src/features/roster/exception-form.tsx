import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { ROSTER_EXCEPTION_KINDS, type RosterExceptionKind } from '@shared/domain/constants';
import { addExceptionInput } from '@shared/schemas/roster';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formInput } from '../../lib/form-input';
import { type RouterOutputs, useTRPCClient } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import type { useRosterSave } from './use-roster-save';

type Roster = RouterOutputs['roster']['range'];

interface Values {
  kind: RosterExceptionKind;
  agentId: string | null;
  startsOn: string;
  endsOn: string;
  note: string;
}

/** Records leave, sickness or training of an agent, or a public holiday of the whole team. */
export function ExceptionForm(p: {
  teamId: string;
  roster: Roster;
  opened: boolean;
  onClose: () => void;
  rosterSave: ReturnType<typeof useRosterSave>;
}) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const [values, setValues] = useState<Values>({
    kind: 'leave',
    agentId: null,
    startsOn: p.roster.today,
    endsOn: p.roster.today,
    note: '',
  });
  const [key] = useState(() => crypto.randomUUID());
  const errors = useFormErrors();
  const set = (k: keyof Values) => (v: unknown) => setValues((prev) => ({ ...prev, [k]: v }));
  const holiday = values.kind === 'public_holiday';
  const submit = () => {
    const sent = errors.check(
      formInput(addExceptionInput, (v: Values) => ({
        teamId: p.teamId,
        kind: v.kind,
        agentId: holiday ? undefined : (v.agentId ?? undefined),
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        note: v.note || undefined,
        idempotencyKey: key,
      })),
      values,
    );
    if (sent) {
      void p.rosterSave.save((i) => client.roster.addException.mutate(i), sent, {
        saved: t('roster.saved'),
        onDone: p.onClose,
        onError: errors.apply,
      });
    }
  };
  return (
    <Modal
      // Below the affected-visits dialog (z-index 200) that asks about this form's change.
      zIndex={150}
      opened={p.opened}
      onClose={p.onClose}
      title={t('roster.exception.title')}
    >
      <Stack gap="sm" data-testid="exception-form">
        {errors.message && <Alert color="red">{errors.message}</Alert>}
        <Select
          label={t('roster.exception.kind')}
          allowDeselect={false}
          data={ROSTER_EXCEPTION_KINDS.map((k) => ({ value: k, label: t(`roster.kinds.${k}`) }))}
          value={values.kind}
          onChange={set('kind')}
          data-testid="exception-kind"
        />
        {holiday ? (
          <Text size="sm" c="dimmed">
            {t('roster.exception.wholeTeam')}
          </Text>
        ) : (
          <Select
            label={t('roster.exception.agent')}
            data={p.roster.agents.map((a) => ({ value: a.id, label: `${a.fullName} · ${a.badgeNo}` }))}
            value={values.agentId}
            onChange={set('agentId')}
            error={errors.errors.agentId}
            data-testid="exception-agent"
          />
        )}
        <Group grow>
          <TextInput
            type="date"
            label={t('roster.exception.startsOn')}
            value={values.startsOn}
            onChange={(e) => set('startsOn')(e.currentTarget.value)}
            error={errors.errors.startsOn}
            data-testid="exception-startsOn"
          />
          <TextInput
            type="date"
            label={t('roster.exception.endsOn')}
            value={values.endsOn}
            onChange={(e) => set('endsOn')(e.currentTarget.value)}
            error={errors.errors.endsOn}
            data-testid="exception-endsOn"
          />
        </Group>
        <TextInput
          label={t('roster.exception.note')}
          value={values.note}
          onChange={(e) => set('note')(e.currentTarget.value)}
          error={errors.errors.note}
        />
        <Group justify="flex-end">
          <Button onClick={submit} loading={p.rosterSave.busy} data-testid="exception-save">
            {t('roster.exception.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
