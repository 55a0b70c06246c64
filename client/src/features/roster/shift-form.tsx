import { Alert, Badge, Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { setShiftInput } from '@shared/schemas/roster';
import { localTime } from '@shared/time';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formInput } from '../../lib/form-input';
import { type RouterOutputs, useTRPCClient } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import type { useRosterSave } from './use-roster-save';

type Roster = RouterOutputs['roster']['range'];
export type ShiftRow = Roster['shifts'][number];

interface Values {
  starts: string;
  ends: string;
  breakStarts: string;
  breakEnds: string;
  breakMinutes: number | string;
}

/** Changes one date's shift by hand: it becomes "set by hand" and is kept when the roster regenerates. */
export function ShiftForm(p: {
  roster: Roster;
  shift: ShiftRow;
  onClose: () => void;
  rosterSave: ReturnType<typeof useRosterSave>;
}) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const zone = p.roster.timeZone;
  const at = (iso: string | null) => (iso ? localTime(new Date(iso), zone) : '');
  const [values, setValues] = useState<Values>({
    starts: at(p.shift.startsAt),
    ends: at(p.shift.endsAt),
    breakStarts: at(p.shift.breakStartsAt),
    breakEnds: at(p.shift.breakEndsAt),
    breakMinutes: p.shift.breakMinutes,
  });
  const [key] = useState(() => crypto.randomUUID());
  const errors = useFormErrors();
  const agent = p.roster.agents.find((a) => a.id === p.shift.agentId);
  const field = (k: keyof Values) => ({
    value: String(values[k]),
    onChange: (e: { currentTarget: { value: string } }) => {
      const v = e.currentTarget.value;
      setValues((prev) => ({ ...prev, [k]: v }));
    },
    error: errors.errors[k],
    'data-testid': `shift-${k}`,
  });
  const submit = () => {
    const sent = errors.check(
      formInput(setShiftInput, (v: Values) => ({
        agentId: p.shift.agentId,
        date: p.shift.workDate,
        starts: v.starts,
        ends: v.ends,
        breakStarts: v.breakStarts || undefined,
        breakEnds: v.breakEnds || undefined,
        breakMinutes: v.breakMinutes === '' ? 0 : Number(v.breakMinutes),
        idempotencyKey: key,
      })),
      values,
    );
    if (sent) {
      void p.rosterSave.save((i) => client.roster.setShift.mutate(i), sent, {
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
      opened
      onClose={p.onClose}
      title={t('roster.shift.title', { agent: agent?.fullName, date: p.shift.workDate })}
    >
      <Stack gap="sm" data-testid="shift-form">
        {p.shift.origin === 'manual' && <Badge variant="light">{t('roster.manual')}</Badge>}
        {errors.message && <Alert color="red">{errors.message}</Alert>}
        <Group grow>
          <TextInput type="time" label={t('roster.form.starts')} {...field('starts')} />
          <TextInput type="time" label={t('roster.form.ends')} {...field('ends')} />
        </Group>
        <Group grow>
          <TextInput type="time" label={t('roster.form.breakStarts')} {...field('breakStarts')} />
          <TextInput type="time" label={t('roster.form.breakEnds')} {...field('breakEnds')} />
          <NumberInput
            label={t('roster.form.breakMinutes')}
            min={0}
            max={720}
            value={values.breakMinutes}
            onChange={(v) => setValues((prev) => ({ ...prev, breakMinutes: v }))}
            error={errors.errors.breakMinutes}
          />
        </Group>
        <Group justify="flex-end">
          <Button onClick={submit} loading={p.rosterSave.busy} data-testid="shift-save">
            {t('roster.shift.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
