import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatDate, formatSlot } from '../../lib/format';
import type { AppointmentDto, CaseAction } from './case-file';

const STATUS_COLOR = { agreed: 'teal', rescheduled: 'gray', cancelled: 'dark', completed: 'green' } as const;

/** The case's appointments, newest first; the server marks which ones may still be moved or cancelled. */
export function AppointmentList({
  items,
  timeZone,
  mayArrange,
  onAction,
}: {
  items: AppointmentDto[];
  timeZone: string;
  mayArrange: boolean;
  onAction: (a: CaseAction) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('cases.noAppointment')}
      </Text>
    );
  }
  return (
    <Table data-testid="appointments">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('cases.col.slot')}</Table.Th>
          <Table.Th>{t('cases.col.address')}</Table.Th>
          <Table.Th>{t('cases.col.agreed')}</Table.Th>
          <Table.Th>{t('cases.col.status')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((a) => {
          const start = a.slotStart;
          const changeable = mayArrange && a.changeable;
          return (
            <Table.Tr key={a.id} data-testid="appointment-row">
              <Table.Td>
                <Text size="sm" fw={500}>
                  {formatDate(start, timeZone, locale)} {formatSlot(start, a.slotEnd, timeZone, locale)}
                </Text>
                {a.visitType && (
                  <Text size="xs" c="dimmed">
                    {t(`cases.visitType.${a.visitType}`)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.addressText}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`complaints.channels.${a.agreedVia}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge size="sm" variant="light" color={STATUS_COLOR[a.status]}>
                    {t(`cases.appointmentStatus.${a.status}`)}
                  </Badge>
                  {a.visitStatus && <StatusBadge status={a.visitStatus} />}
                </Group>
              </Table.Td>
              <Table.Td>
                {changeable && (
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => onAction({ kind: 'reschedule', appointment: a })}
                      data-testid="reschedule"
                    >
                      {t('cases.reschedule')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onAction({ kind: 'cancel', appointment: a })}
                      data-testid="cancel-appointment"
                    >
                      {t('cases.cancel')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
