import { Badge, Group, Pagination, ScrollArea, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { WORKLIST_PAGE_SIZES, type WorklistSort } from '@shared/schemas/worklist';
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDate, formatDateTime, formatMoney, formatSlot } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';
import type { WorklistParams } from './use-worklist-params';

type WorklistPage = RouterOutputs['appointments']['worklist'];
type Row = WorklistPage['rows'][number];

/** A column header that sorts by its key: a button, with aria-sort telling a screen reader the order. */
function SortHeader({
  w,
  sort,
  label,
  right,
}: {
  w: WorklistParams;
  sort: WorklistSort;
  label: string;
  right?: boolean;
}) {
  const active = w.sort === sort;
  return (
    <Table.Th ta={right ? 'right' : undefined} aria-sort={active ? (w.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => w.sortBy(sort)} data-testid={`sort-${sort}`} fw={active ? 700 : 600} fz="sm">
        {label} {active ? (w.desc ? '↓' : '↑') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

/** Moves the focus to the row above or below, so the list can be worked from the keyboard. */
function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    open();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
    (next as HTMLElement | null)?.focus();
  }
}

function Flags({ row }: { row: Row }) {
  const { t } = useTranslation();
  const flags: Array<[boolean, string, string]> = [
    [row.callback, 'orange', 'callback'],
    [row.brokenPromise, 'red', 'brokenPromise'],
    [row.needsNotice, 'grape', 'needsNotice'],
    [row.noSlot && !row.needsNotice, 'blue', 'noSlot'],
  ];
  return (
    <Group gap={4} wrap="nowrap">
      {row.status !== 'open' && (
        <Badge size="sm" variant="outline" color="gray" miw="max-content">
          {t(`cases.caseStatus.${row.status}`)}
        </Badge>
      )}
      {flags
        .filter(([on]) => on)
        .map(([, color, key]) => (
          <Badge key={key} size="sm" variant="light" color={color} miw="max-content" data-testid={`flag-${key}`}>
            {t(`worklist.flag.${key}`)}
          </Badge>
        ))}
    </Group>
  );
}

/** One page of the worklist: sortable headers, rows that open the case, and the pager. */
export function WorklistTable({
  w,
  data,
  onOpen,
  showTeam,
}: {
  w: WorklistParams;
  data: WorklistPage;
  onOpen: (caseId: string) => void;
  showTeam: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const first = data.total === 0 ? 0 : data.page * data.pageSize + 1;
  const last = Math.min(data.total, (data.page + 1) * data.pageSize);
  const cell = (value: string | null, render: (v: string) => ReactNode) => (value ? render(value) : '—');
  return (
    <>
      <ScrollArea type="auto">
        <Table highlightOnHover verticalSpacing={6} miw={1060} data-testid="case-results">
          <Table.Thead>
            <Table.Tr>
              <SortHeader w={w} sort="loanRef" label={t('worklist.col.loan')} />
              <SortHeader w={w} sort="borrower" label={t('worklist.col.borrower')} />
              <Table.Th>{t('worklist.col.district')}</Table.Th>
              <SortHeader w={w} sort="daysPastDue" label={t('worklist.col.dpd')} right />
              <SortHeader w={w} sort="amount" label={t('worklist.col.overdue')} right />
              <SortHeader w={w} sort="lastContact" label={t('worklist.col.lastContact')} />
              <SortHeader w={w} sort="nextSlot" label={t('worklist.col.nextSlot')} />
              <Table.Th>{t('worklist.col.attention')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((c) => (
              <Table.Tr
                key={c.id}
                tabIndex={0}
                onClick={() => onOpen(c.id)}
                onKeyDown={(e) => onRowKey(e, () => onOpen(c.id))}
                style={{ cursor: 'pointer' }}
                data-testid="case-row"
                data-case-id={c.id}
                aria-label={`${c.loanRef} ${c.borrowerName}`}
              >
                <Table.Td ff="monospace" fz="sm">
                  {c.loanRef}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.borrowerName}</Text>
                  {showTeam && (
                    <Text size="xs" c="dimmed">
                      {c.teamName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td fz="sm">{c.district ?? '—'}</Table.Td>
                <Table.Td ta="right" fz="sm" data-testid="case-dpd">
                  {c.daysPastDue}
                </Table.Td>
                <Table.Td ta="right" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(c.overdueAmountCents, locale)}
                </Table.Td>
                <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {cell(c.lastContactAt, (v) => formatDateTime(v, c.timeZone, locale))}
                </Table.Td>
                <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {cell(
                    c.nextSlotStart,
                    (v) =>
                      `${formatDate(v, c.timeZone, locale)} ${formatSlot(v, c.nextSlotEnd ?? v, c.timeZone, locale)}`,
                  )}
                </Table.Td>
                <Table.Td>
                  <Flags row={c} />
                </Table.Td>
              </Table.Tr>
            ))}
            {data.rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text c="dimmed" ta="center" py="md" data-testid="case-results-empty">
                    {t('cases.none')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="space-between" mt="sm" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed" data-testid="worklist-range">
          {t('worklist.range', { first, last, count: data.total })}
        </Text>
        <Group gap="sm" wrap="wrap">
          <Pagination
            total={pages}
            value={data.page + 1}
            onChange={(p) => w.update({ page: p === 1 ? undefined : String(p - 1) })}
            size="sm"
            siblings={1}
            data-testid="worklist-pagination"
            getControlProps={(control) => ({ 'aria-label': t(`worklist.pager.${control}`) })}
            getItemProps={(page) => ({ 'aria-label': t('worklist.pager.page', { page }) })}
          />
          <Select
            aria-label={t('worklist.pageSize')}
            w={110}
            size="xs"
            data={WORKLIST_PAGE_SIZES.map((n) => ({ value: String(n), label: t('worklist.perPage', { count: n }) }))}
            value={String(data.pageSize)}
            onChange={(v) => w.update({ size: v === '25' ? undefined : (v ?? undefined) })}
            allowDeselect={false}
            data-testid="page-size"
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      </Group>
    </>
  );
}
