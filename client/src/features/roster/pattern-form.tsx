import { Alert, Button, Chip, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { createPatternInput, updatePatternInput } from '@shared/schemas/roster';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formInput } from '../../lib/form-input';
import { type RouterOutputs, useTRPCClient } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import type { useRosterSave } from './use-roster-save';

type Roster = RouterOutputs['roster']['range'];
export type PatternRow = Roster['patterns'][number];

interface Values {
  agentId: string | null;
  weekdays: string[];
  starts: string;
  ends: string;
  breakStarts: string;
  breakEnds: string;
  breakMinutes: number | string;
  startBaseId: string | null;
  endBaseId: string | null;
  validFrom: string;
  validTo: string;
}

const blank = (v: string | null) => (v ? v : undefined);

/** The form's values as the procedure's input (empty fields left out: the server's defaults apply). */
function fields(v: Values) {
  return {
    weekdays: v.weekdays.map(Number).sort(),
    starts: v.starts,
    ends: v.ends,
    breakStarts: blank(v.breakStarts),
    breakEnds: blank(v.breakEnds),
    breakMinutes: v.breakMinutes === '' ? 0 : Number(v.breakMinutes),
    startBaseId: blank(v.startBaseId),
    endBaseId: blank(v.endBaseId),
    validFrom: v.validFrom,
    validTo: blank(v.validTo),
  };
}

/** Creates a weekly pattern for an agent, or changes one (`editing`) as a whole. */
export function PatternForm(p: {
  roster: Roster;
  editing: PatternRow | null;
  opened: boolean;
  onClose: () => void;
  rosterSave: ReturnType<typeof useRosterSave>;
}) {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const e = p.editing;
  const [values, setValues] = useState<Values>(() => ({
    agentId: e?.agentId ?? p.roster.agents.find((a) => a.active)?.id ?? null,
    weekdays: (e?.weekdays ?? [1, 2, 3, 4, 5]).map(String),
    starts: e?.starts ?? '09:00',
    ends: e?.ends ?? '18:00',
    breakStarts: e?.breakStarts ?? '12:00',
    breakEnds: e?.breakEnds ?? '14:00',
    breakMinutes: e?.breakMinutes ?? 60,
    startBaseId: e?.startBaseId ?? null,
    endBaseId: e?.endBaseId ?? null,
    validFrom: e?.validFrom ?? p.roster.today,
    validTo: e?.validTo ?? '',
  }));
  const [key] = useState(() => crypto.randomUUID());
  const errors = useFormErrors();
  const set = (k: keyof Values) => (v: unknown) => setValues((prev) => ({ ...prev, [k]: v }));
  const input = (k: keyof Values) => ({
    value: String(values[k] ?? ''),
    onChange: (ev: { currentTarget: { value: string } }) => set(k)(ev.currentTarget.value),
    error: errors.errors[k],
    'data-testid': `pattern-${k}`,
  });
  const bases = [
    { value: '', label: t('roster.form.ownBase') },
    ...p.roster.bases.map((b) => ({ value: b.id, label: b.name })),
  ];

  const submit = () => {
    if (e) {
      const sent = errors.check(
        formInput(updatePatternInput, (v: Values) => ({
          ...fields(v),
          id: e.id,
          version: e.version,
          idempotencyKey: key,
        })),
        values,
      );
      if (sent) {
        void p.rosterSave.save((i) => client.roster.updatePattern.mutate(i), sent, {
          saved: t('roster.saved'),
          onDone: p.onClose,
          onError: errors.apply,
        });
      }
    } else {
      const sent = errors.check(
        formInput(createPatternInput, (v: Values) => ({ ...fields(v), agentId: v.agentId ?? '', idempotencyKey: key })),
        values,
      );
      if (sent) {
        void p.rosterSave.save((i) => client.roster.createPattern.mutate(i), sent, {
          saved: t('roster.saved'),
          onDone: p.onClose,
          onError: errors.apply,
        });
      }
    }
  };

  return (
    <Modal
      // Below the affected-visits dialog (z-index 200) that asks about this form's change.
      zIndex={150}
      opened={p.opened}
      onClose={p.onClose}
      title={t(e ? 'roster.form.editTitle' : 'roster.form.createTitle')}
      size="lg"
    >
      <Stack gap="sm" data-testid="pattern-form">
        {errors.message && <Alert color="red">{errors.message}</Alert>}
        <Select
          label={t('roster.agent')}
          disabled={Boolean(e)}
          data={p.roster.agents
            .filter((a) => a.active)
            .map((a) => ({ value: a.id, label: `${a.fullName} · ${a.badgeNo}` }))}
          value={values.agentId}
          onChange={set('agentId')}
          error={errors.errors.agentId}
          data-testid="pattern-agent"
        />
        <Chip.Group multiple value={values.weekdays} onChange={set('weekdays')}>
          <Group gap={6} data-testid="pattern-weekdays">
            {['1', '2', '3', '4', '5', '6', '7'].map((d) => (
              <Chip key={d} value={d} size="xs">
                {t(`roster.weekdays.${d}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {errors.errors.weekdays && <Alert color="red">{errors.errors.weekdays}</Alert>}
        <Group grow>
          <TextInput type="time" label={t('roster.form.starts')} {...input('starts')} />
          <TextInput type="time" label={t('roster.form.ends')} {...input('ends')} />
        </Group>
        <Group grow>
          <TextInput type="time" label={t('roster.form.breakStarts')} {...input('breakStarts')} />
          <TextInput type="time" label={t('roster.form.breakEnds')} {...input('breakEnds')} />
          <NumberInput
            label={t('roster.form.breakMinutes')}
            min={0}
            max={720}
            value={values.breakMinutes}
            onChange={set('breakMinutes')}
            error={errors.errors.breakMinutes}
            data-testid="pattern-breakMinutes"
          />
        </Group>
        <Group grow>
          <Select
            label={t('roster.form.startBase')}
            data={bases}
            value={values.startBaseId ?? ''}
            onChange={set('startBaseId')}
            error={errors.errors.startBaseId}
          />
          <Select
            label={t('roster.form.endBase')}
            data={bases}
            value={values.endBaseId ?? ''}
            onChange={set('endBaseId')}
            error={errors.errors.endBaseId}
          />
        </Group>
        <Group grow>
          <TextInput type="date" label={t('roster.form.validFrom')} {...input('validFrom')} />
          <TextInput type="date" label={t('roster.form.validTo')} {...input('validTo')} />
        </Group>
        <Group justify="flex-end">
          <Button onClick={submit} loading={p.rosterSave.busy} data-testid="pattern-save">
            {t('roster.form.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
