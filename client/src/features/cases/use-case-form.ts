import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';

/**
 * What every case form shares: one idempotency key per opened form (a double click or a retry after a lost
 * answer does the work once), its input checked with the procedure's schema before sending and the server's
 * messages per field and for the form, and a refresh of the case file, the case list and the dispatch board on
 * success.
 */
export function useCaseForm(onDone: () => void) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const form = useFormErrors();
  const callbacks = {
    onSuccess: (_: unknown, __: unknown) => {
      notifications.show({ color: 'teal', message: t('cases.saved') });
      void qc.invalidateQueries({ queryKey: trpc.appointments.pathKey() });
      void qc.invalidateQueries({ queryKey: trpc.dispatch.pathKey() });
      void qc.invalidateQueries({ queryKey: trpc.payments.followUps.queryKey() });
      onDone();
    },
    onError: (err: unknown) => {
      form.apply(err);
      // A refusal often means the case changed meanwhile (a colleague, the borrower's link): show it as it is now.
      void qc.invalidateQueries({ queryKey: trpc.appointments.pathKey() });
    },
  };
  return { key, form, callbacks };
}
