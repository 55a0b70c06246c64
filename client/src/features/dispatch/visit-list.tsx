import { Badge, CloseButton, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table';
import type { Board } from './use-board';
import { visitColumns } from './visit-columns';

/**
 * The day's visits as a table (the "List" tab), or only those at risk while the summary bar's chip says so; its
 * own chunk, so the board opens without the table code.
 */
export default function VisitList({
  board,
  locale,
  riskOnly,
  onShowAll,
}: {
  board: Board;
  locale: string;
  riskOnly: boolean;
  onShowAll: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm" c="dimmed" data-testid="dispatch-crews" mb={6}>
        {t('dispatch.crews')}: {board.crews.map((c) => c.name).join(' · ') || '—'}
      </Text>
      {riskOnly && (
        <Badge
          variant="light"
          color="red"
          tt="none"
          mb={6}
          data-testid="chip-at-risk"
          rightSection={<CloseButton size="xs" onClick={onShowAll} aria-label={t('dispatch.bar.showAll')} />}
        >
          {t('dispatch.bar.atRiskOnly', { count: board.atRisk.size })}
        </Badge>
      )}
      <DataTable
        testId="dispatch-visits"
        rows={riskOnly ? board.visits.filter((v) => board.atRisk.has(v.id)) : board.visits}
        rowKey={(v) => v.id}
        columns={visitColumns(t, locale, board.timeZone)}
        minWidth={1100}
      />
    </>
  );
}
