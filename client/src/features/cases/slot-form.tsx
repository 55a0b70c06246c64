import { Alert, Button, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { CONTACT_CHANNELS } from '@shared/domain/constants';
import { addDays, localDate } from '@shared/time';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDate, formatSlot } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { CaseAction, CaseFileDto } from './case-file';
import { agreeForm, cancelForm } from './case-inputs';
import { useCaseForm } from './use-case-form';
import { VisitFields, type VisitType } from './visit-fields';

type Channel = (typeof CONTACT_CHANNELS)[number];

/** Agree a slot the borrower accepted (or move an agreed one), or cancel an appointment with a reason. */
export function SlotForm({
  data,
  action,
  onClose,
}: {
  data: CaseFileDto;
  action: Extract<CaseAction, { kind: 'agree' | 'reschedule' | 'cancel' }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const title =
    action.kind === 'cancel'
      ? t('cases.cancelTitle')
      : action.kind === 'reschedule'
        ? t('cases.reschedule')
        : t('cases.agreeSlot');
  return (
    <Modal opened onClose={onClose} title={title}>
      {action.kind === 'cancel' ? (
        <CancelForm appointmentId={action.appointment.id} onClose={onClose} />
      ) : (
        <AgreeForm
          data={data}
          replaces={action.kind === 'reschedule' ? action.appointment : undefined}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function AgreeForm({
  data,
  replaces,
  onClose,
}: {
  data: CaseFileDto;
  replaces?: CaseFileDto['appointments'][number];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const { key, form, callbacks } = useCaseForm(onClose);
  const tz = data.policy.timeZone;
  const [addressId, setAddressId] = useState(replaces?.addressId ?? data.addresses[0]?.id ?? null);
  const [visitType, setVisitType] = useState<VisitType>(replaces?.visitType ?? 'negotiation');
  const [date, setDate] = useState(() => addDays(localDate(new Date(), tz), 1));
  // Advice from the server for the chosen day: room per slot and rules that already refuse one.
  const options = useQuery({
    ...trpc.appointments.slotOptions.queryOptions({ caseId: data.case.id, date, replacesAppointmentId: replaces?.id }),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
  });
  const slots = options.data ?? [];
  const allRefused = slots.length > 0 && slots.every((o) => o.problems.length > 0);
  const [slotStart, setSlotStart] = useState<string | null>(null);
  const [via, setVia] = useState<Channel>('phone');
  const [notes, setNotes] = useState('');
  const agree = useMutation(trpc.appointments.agree.mutationOptions(callbacks));
  const slot = slots.find((o) => o.start === slotStart);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!addressId || !slot || agree.isPending) return;
        const input = form.check(agreeForm, {
          caseId: data.case.id,
          addressId,
          visitType,
          slotStart: slot.start,
          slotEnd: slot.end,
          via,
          notes,
          replacesAppointmentId: replaces?.id,
          idempotencyKey: key,
        });
        if (input) agree.mutate(input);
      }}
    >
      <Stack gap="sm">
        {replaces && (
          <Text size="sm" c="dimmed">
            {t('cases.rescheduleFrom', {
              slot: `${formatDate(replaces.slotStart, tz, locale)} ${formatSlot(replaces.slotStart, replaces.slotEnd, tz, locale)}`,
            })}
          </Text>
        )}
        <VisitFields
          addresses={data.addresses}
          addressId={addressId}
          onAddress={setAddressId}
          visitType={visitType}
          onVisitType={setVisitType}
        />
        <TextInput
          type="date"
          label={t('cases.day')}
          data-testid="slot-date"
          value={date}
          onChange={(e) => {
            setDate(e.currentTarget.value);
            setSlotStart(null);
            form.clear();
          }}
        />
        <Select
          label={t('cases.slot')}
          description={t('cases.slotHint', { zone: tz })}
          data-testid="slot-select"
          data={slots.map((o) => {
            const time = formatSlot(o.start, o.end, tz, locale);
            const problem = o.problems[0];
            const room =
              o.crews === 0 ? t('cases.noCrew') : o.free > 0 ? t('cases.free', { count: o.free }) : t('cases.full');
            return {
              value: o.start,
              label: problem ? `${time} · ${t(`cases.short.${problem.code}`)}` : `${time} · ${room}`,
              disabled: Boolean(problem),
            };
          })}
          value={slotStart}
          onChange={(v) => {
            setSlotStart(v);
            form.clear();
          }}
          comboboxProps={{ withinPortal: true }}
        />
        {allRefused && (
          <Alert color="orange" data-testid="day-refused">
            {slots[0]?.problems[0]?.message}
          </Alert>
        )}
        <Select
          label={t('cases.agreedVia')}
          data={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))}
          value={via}
          onChange={(v) => v && setVia(v as Channel)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label={t('cases.notes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={form.errors.notes}
          autosize
        />
        {form.message && (
          <Alert color="red" data-testid="slot-error">
            {form.message}
          </Alert>
        )}
        <Button type="submit" disabled={!slot || !addressId} loading={agree.isPending} data-testid="slot-submit">
          {t(replaces ? 'cases.saveReschedule' : 'cases.saveSlot')}
        </Button>
      </Stack>
    </form>
  );
}

function CancelForm({ appointmentId, onClose }: { appointmentId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { key, form, callbacks } = useCaseForm(onClose);
  const [reason, setReason] = useState('');
  const cancel = useMutation(trpc.appointments.cancel.mutationOptions(callbacks));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (cancel.isPending) return;
        const input = form.check(cancelForm, { appointmentId, reason, idempotencyKey: key });
        if (input) cancel.mutate(input);
      }}
    >
      <Stack gap="sm">
        <Textarea
          label={t('cases.cancelReason')}
          data-testid="cancel-reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={form.errors.reason}
          autosize
          minRows={2}
        />
        {form.message && !form.errors.reason && <Alert color="red">{form.message}</Alert>}
        <Button type="submit" color="red" loading={cancel.isPending} data-testid="cancel-submit">
          {t('cases.confirmCancel')}
        </Button>
      </Stack>
    </form>
  );
}
