import { Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { TRPCClientError } from '@trpc/client';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatCalendarDate, formatSlot } from '../lib/format';

/** One visit an organisation change would take off its crew, as the server lists it (dispatch.release.ts). */
export interface AffectedVisit {
  visitId: string;
  visitDate: string;
  crewName: string;
  slotStart: string;
  slotEnd: string;
  borrowerName: string;
}

/**
 * The visits of an ORG_CHANGE_AFFECTS_VISITS refusal (the error's `details.visits`), or null for any other error:
 * a form calls this in its onError and opens the dialog when it gets a list.
 */
export function affectedVisitsOf(error: unknown): AffectedVisit[] | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { appCode?: string; details?: { visits?: AffectedVisit[] } } | undefined;
  return data?.appCode === 'ORG_CHANGE_AFFECTS_VISITS' ? (data.details?.visits ?? []) : null;
}

/**
 * Consequences are never silent (SPEC §8.2): a change that would take planned visits off their crews shows them
 * here, and only "Put them back in the tray" sends the change again with `confirm`. Closed when `visits` is null.
 */
export function AffectedVisitsDialog({
  visits,
  onConfirm,
  onCancel,
  timeZone = 'Asia/Shanghai',
  confirming = false,
}: {
  visits: AffectedVisit[] | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** The team's zone, for the slot times. */
  timeZone?: string;
  confirming?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <Modal opened={visits !== null} onClose={onCancel} title={t('affected-visits.title')} size="lg">
      <Stack gap="sm" data-testid="affected-visits">
        <Text size="sm">{t('affected-visits.explain', { count: visits?.length ?? 0 })}</Text>
        <ScrollArea.Autosize mah={320} type="auto">
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('affected-visits.date')}</Table.Th>
                <Table.Th>{t('affected-visits.slot')}</Table.Th>
                <Table.Th>{t('affected-visits.crew')}</Table.Th>
                <Table.Th>{t('affected-visits.borrower')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(visits ?? []).map((v) => (
                <Table.Tr key={v.visitId} data-testid="affected-visit-row">
                  <Table.Td>{formatCalendarDate(v.visitDate, locale)}</Table.Td>
                  <Table.Td>{formatSlot(v.slotStart, v.slotEnd, timeZone, locale)}</Table.Td>
                  <Table.Td>{v.crewName}</Table.Td>
                  <Table.Td>{v.borrowerName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-testid="affected-visits-cancel">
            {t('affected-visits.cancel')}
          </Button>
          <Button color="red" onClick={onConfirm} loading={confirming} data-testid="affected-visits-confirm">
            {t('affected-visits.confirm', { count: visits?.length ?? 0 })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
