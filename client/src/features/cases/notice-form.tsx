import { Alert, Button, Modal, Select, Stack, Textarea } from '@mantine/core';
import { CONTACT_CHANNELS, CONTACT_STAGES } from '@shared/domain/constants';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { noticeForm } from './case-inputs';
import { useCaseForm } from './use-case-form';

type Stage = (typeof CONTACT_STAGES)[number];
type Channel = (typeof CONTACT_CHANNELS)[number];

/** Logs a notice or call to the borrower: a slot may only be agreed after one. */
export function NoticeForm({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { key, form, callbacks } = useCaseForm(onClose);
  const [stage, setStage] = useState<Stage>('appointment_notice');
  const [channel, setChannel] = useState<Channel>('phone');
  const [result, setResult] = useState('');
  const log = useMutation(trpc.appointments.logNotice.mutationOptions(callbacks));
  return (
    <Modal opened onClose={onClose} title={t('cases.logNotice')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (log.isPending) return;
          const input = form.check(noticeForm, { caseId, stage, channel, result, idempotencyKey: key });
          if (input) log.mutate(input);
        }}
      >
        <Stack gap="sm">
          <Select
            label={t('cases.stageLabel')}
            data={CONTACT_STAGES.map((s) => ({ value: s, label: t(`cases.stage.${s}`) }))}
            value={stage}
            onChange={(v) => v && setStage(v as Stage)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('cases.channel')}
            data={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))}
            value={channel}
            onChange={(v) => v && setChannel(v as Channel)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={t('cases.result')}
            placeholder={t('cases.resultHint')}
            data-testid="notice-result"
            value={result}
            onChange={(e) => setResult(e.currentTarget.value)}
            error={form.errors.result}
            autosize
            minRows={2}
          />
          {form.message && !form.errors.result && <Alert color="red">{form.message}</Alert>}
          <Button type="submit" loading={log.isPending} data-testid="notice-submit">
            {t('cases.save')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
