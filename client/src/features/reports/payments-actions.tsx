import { Alert, Button, FileButton, Group, List, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorInfo, useTRPC } from '../../lib/trpc';

/** The payments import (managers) and "propose follow-ups for broken promises", above the promise tracker. */
export function PaymentsActions({ teamId, manager }: { teamId: string | undefined; manager: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [importErrors, setImportErrors] = useState<Record<string, string>>({});
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.payments.promises.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.reports.dashboard.queryKey() });
  };
  const importCsv = useMutation(
    trpc.payments.importCsv.mutationOptions({
      onSuccess: (r) => {
        setImportErrors({});
        notifications.show({
          color: 'teal',
          // Each count with its own plural ("1 payment added", "2 payments added").
          message: t('reports.promises.imported', {
            added: t('reports.promises.paymentsAdded', { count: r.added }),
            skipped: t('reports.promises.alreadyImported', { count: r.skipped }),
            cancelled: t('reports.promises.visitsCancelled', { count: r.cancelledVisits }),
          }),
        });
        refresh();
      },
      onError: (err) => {
        const info = errorInfo(err);
        setImportErrors({ ...info.fieldErrors, '': info.message });
      },
    }),
  );
  const propose = useMutation(
    trpc.payments.proposeFollowUps.mutationOptions({
      onSuccess: (r) => {
        notifications.show({ color: 'teal', message: t('reports.promises.proposed', { count: r.proposed }) });
        refresh();
        void qc.invalidateQueries({ queryKey: trpc.payments.followUps.queryKey() });
      },
    }),
  );
  const lineErrors = Object.entries(importErrors).filter(([k]) => k !== '');
  return (
    <>
      <Group gap="xs">
        {manager && (
          <FileButton
            accept=".csv,text/csv"
            onChange={(file) => file && void file.text().then((csv) => importCsv.mutate({ csv }))}
          >
            {(props) => (
              <Button {...props} size="xs" variant="light" loading={importCsv.isPending} data-testid="import-payments">
                {t('reports.promises.import')}
              </Button>
            )}
          </FileButton>
        )}
        <Button size="xs" variant="default" loading={propose.isPending} onClick={() => propose.mutate({ teamId })}>
          {t('reports.promises.propose')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('reports.promises.format')}
        </Text>
      </Group>
      {importErrors[''] && (
        <Alert color="red" title={importErrors['']} data-testid="import-errors">
          <List size="sm">
            {lineErrors.map(([k, v]) => (
              <List.Item key={k}>
                {k}: {v}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </>
  );
}
