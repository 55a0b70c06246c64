import { Anchor, Group, Pagination, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core';
import {
  createColumnHelper,
  type PaginationState,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { OutcomeBadge, StatusBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatMoney, formatSlot, formatTime } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';
import type { VisitSort } from './use-report-filters';

type Row = RouterOutputs['reports']['visits']['rows'][number];

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const col = createColumnHelper<typeof features, Row>();

/**
 * The visits behind the numbers: TanStack Table in manual mode — the server sorts, filters and pages,
 * the table keeps the header/sort/page state wired to the URL.
 */
export function VisitsTable({
  rows,
  total,
  page,
  pageSize,
  sort,
  desc,
  onSort,
  onPage,
  onOpen,
}: {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  sort: VisitSort;
  desc: boolean;
  onSort: (sort: VisitSort, desc: boolean) => void;
  onPage: (page: number) => void;
  onOpen: (visitId: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const columns = col.columns([
    col.accessor('visitDate', {
      id: 'visitDate',
      header: t('reports.col.date'),
      cell: (c) => (
        <Anchor component="button" size="sm" onClick={() => onOpen(c.row.original.visitId)} data-testid="open-visit">
          {formatCalendarDate(c.row.original.visitDate, locale)}{' '}
          {formatSlot(c.row.original.slotStart, c.row.original.slotEnd, c.row.original.timeZone, locale)}
        </Anchor>
      ),
    }),
    col.accessor('borrowerName', { id: 'borrower', header: t('reports.col.borrower') }),
    col.accessor('borrowerPhone', { id: 'phone', header: t('reports.col.phone'), enableSorting: false }),
    col.accessor('district', { id: 'district', header: t('reports.col.district'), enableSorting: false }),
    col.accessor('agentName', { id: 'agent', header: t('reports.col.agent'), cell: (c) => c.getValue() ?? '—' }),
    col.accessor('status', {
      id: 'status',
      header: t('reports.col.status'),
      cell: (c) => <StatusBadge status={c.getValue()} />,
    }),
    col.accessor('outcomeCode', {
      id: 'outcome',
      header: t('reports.col.outcome'),
      cell: (c) => (c.getValue() ? <OutcomeBadge code={c.getValue() as string} /> : '—'),
    }),
    col.accessor('promisedAmountCents', {
      id: 'promised',
      header: t('reports.col.promised'),
      cell: (c) => (c.getValue() == null ? '—' : formatMoney(c.getValue() as number, locale)),
    }),
    col.accessor('checkInAt', {
      id: 'checkIn',
      header: t('reports.col.checkIn'),
      cell: (c) => {
        const r = c.row.original;
        if (!r.checkInAt) return '—';
        return (
          <Text size="sm" c={r.onTime ? undefined : 'red'}>
            {formatTime(r.checkInAt, r.timeZone, locale)}
            {r.checkInDistanceM != null ? ` · ${Math.round(r.checkInDistanceM)} m` : ''}
          </Text>
        );
      },
    }),
  ]);
  const sorting: SortingState = [{ id: sort, desc }];
  const pagination: PaginationState = { pageIndex: page, pageSize };
  const table = useTable({
    features,
    columns,
    data: rows,
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    state: { sorting, pagination },
    onSortingChange: (u) => {
      const next = typeof u === 'function' ? u(sorting) : u;
      const first = next[0];
      if (first) onSort(first.id as VisitSort, first.desc);
      else onSort(sort, !desc);
    },
    onPaginationChange: (u) => onPage((typeof u === 'function' ? u(pagination) : u).pageIndex),
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <ScrollArea type="auto">
        <Table striped highlightOnHover verticalSpacing={6} miw={980} data-testid="visits-table">
          <Table.Thead>
            {table.getHeaderGroups().map((g) => (
              <Table.Tr key={g.id}>
                {g.headers.map((h) => {
                  const dir = h.column.getIsSorted();
                  return (
                    <Table.Th key={h.id} style={{ whiteSpace: 'nowrap' }}>
                      {h.column.getCanSort() ? (
                        <UnstyledButton
                          onClick={h.column.getToggleSortingHandler()}
                          fw={600}
                          fz="sm"
                          data-testid={`sort-${h.id}`}
                        >
                          <table.FlexRender header={h} />
                          {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
                        </UnstyledButton>
                      ) : (
                        <table.FlexRender header={h} />
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {/* Rows keep the test id "outcomes-row": the role tests find the manager's home by it. */}
            {table.getRowModel().rows.map((r) => (
              <Table.Tr key={r.original.visitId} data-testid="outcomes-row" data-visit-id={r.original.visitId}>
                {r.getAllCells().map((c) => (
                  <Table.Td key={c.id} style={{ whiteSpace: 'nowrap' }}>
                    <table.FlexRender cell={c} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed" ta="center" py="md" data-testid="visits-table-empty">
                    {t('common.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="space-between" mt="xs">
        <Text size="sm" c="dimmed" data-testid="visits-total">
          {t('reports.rows', { count: total })}
        </Text>
        <Pagination total={pages} value={page + 1} onChange={(p) => table.setPageIndex(p - 1)} size="sm" />
      </Group>
    </>
  );
}
