import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { CaseFileDto } from './case-file';
import { slotLinkForm } from './case-inputs';
import { useCaseForm } from './use-case-form';
import { VisitFields, type VisitType } from './visit-fields';

/** Creates the borrower's personal slot link and shows it to copy into the SMS. */
export function SlotLinkForm({ data, onClose }: { data: CaseFileDto; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const [made, setMade] = useState<{ url: string; expiresAt: string } | null>(null);
  const { key, form, callbacks } = useCaseForm(() => {});
  const [addressId, setAddressId] = useState(data.addresses[0]?.id ?? null);
  const [visitType, setVisitType] = useState<VisitType>('negotiation');
  const create = useMutation(
    trpc.appointments.createLink.mutationOptions({
      ...callbacks,
      onSuccess: (out, input) => {
        callbacks.onSuccess(out, input);
        setMade({ url: `${window.location.origin}${out.path}`, expiresAt: out.expiresAt });
      },
    }),
  );
  const replaces = data.appointments.find((a) => a.status === 'agreed');
  return (
    <Modal opened onClose={onClose} title={t('cases.sendLink')}>
      {made ? (
        <Stack gap="sm">
          <Text size="sm">
            {t('cases.linkMade', { until: formatDateTime(made.expiresAt, data.policy.timeZone, locale) })}
          </Text>
          <TextInput value={made.url} readOnly data-testid="slot-link-url" />
          <Group justify="flex-end">
            <CopyButton value={made.url}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? t('cases.copied') : t('cases.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!addressId || create.isPending) return;
            const input = form.check(slotLinkForm, {
              caseId: data.case.id,
              addressId,
              visitType,
              replacesAppointmentId: replaces?.id,
              idempotencyKey: key,
            });
            if (input) create.mutate(input);
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t(replaces ? 'cases.linkExplainReschedule' : 'cases.linkExplain')}
            </Text>
            <VisitFields
              addresses={data.addresses}
              addressId={addressId}
              onAddress={setAddressId}
              visitType={visitType}
              onVisitType={setVisitType}
            />
            {form.message && <Alert color="red">{form.message}</Alert>}
            <Button type="submit" loading={create.isPending} data-testid="link-submit">
              {t('cases.createLink')}
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
