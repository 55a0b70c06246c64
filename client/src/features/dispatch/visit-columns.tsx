import { Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { Column } from '../../components/data-table';
import { StatusBadge } from '../../components/status-badge';
import { formatMoney, formatSlot, formatTime } from '../../lib/format';
import type { BoardVisit } from './use-board';

/** Columns of the dispatcher's visit table; every time is shown in the team's zone. */
export function visitColumns(t: TFunction, locale: string, timeZone: string): Column<BoardVisit>[] {
  return [
    {
      key: 'slot',
      header: t('dispatch.col.slot'),
      nowrap: true,
      render: (v) => formatSlot(v.slotStart, v.slotEnd, timeZone, locale),
    },
    {
      key: 'arrival',
      header: t('dispatch.col.arrival'),
      nowrap: true,
      render: (v) => (v.plannedArrival ? formatTime(v.plannedArrival, timeZone, locale) : '—'),
    },
    {
      key: 'crew',
      header: t('dispatch.col.crew'),
      nowrap: true,
      render: (v) => v.crewName ?? t('dispatch.unassignedCrew'),
    },
    { key: 'status', header: t('dispatch.col.status'), render: (v) => <StatusBadge status={v.status} /> },
    { key: 'type', header: t('dispatch.col.type'), nowrap: true, render: (v) => t(`visitType.${v.visitType}`) },
    {
      key: 'borrower',
      header: t('dispatch.col.borrower'),
      nowrap: true,
      render: (v) => <span data-testid="visit-borrower">{v.borrowerName}</span>,
    },
    {
      key: 'district',
      header: t('dispatch.col.district'),
      render: (v) => (
        <div>
          <Text size="sm">{v.district}</Text>
          <Text size="xs" c="dimmed" lineClamp={1} title={v.addressText}>
            {v.addressText}
          </Text>
        </div>
      ),
    },
    { key: 'phone', header: t('dispatch.col.phone'), nowrap: true, render: (v) => v.borrowerPhone },
    {
      key: 'overdue',
      header: t('dispatch.col.overdue'),
      align: 'right',
      nowrap: true,
      render: (v) => formatMoney(v.overdueAmountCents, locale),
    },
    { key: 'dpd', header: t('dispatch.col.dpd'), align: 'right', render: (v) => v.daysPastDue },
  ];
}
