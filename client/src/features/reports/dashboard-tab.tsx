import { Badge, Button, CloseButton, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { useTRPC } from '../../lib/trpc';
import { DashboardCharts } from './dashboard-charts';
import { KpiCards } from './kpi-cards';
import type { ReportFilters } from './use-report-filters';
import { VisitsTable } from './visits-table';

const PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 300;

/**
 * Where the server streams the table as a file (GET /reports/export): the same filters as the table, flat in the
 * query string, so the browser downloads it from a link and never holds it as base64 in memory.
 */
export function exportUrl(
  input: Record<string, unknown> & { filter: Record<string, unknown> },
  format: 'csv' | 'xlsx',
) {
  const { filter, ...rest } = input;
  const params = new URLSearchParams();
  // A link sends no app header: the file's headings follow the language on screen, not the account's default.
  const fields: Record<string, unknown> = { ...filter, ...rest, format, lang: currentLanguage() };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return `/reports/export?${params}`;
}

/** Starts the download of a URL the server answers as an attachment (its name from Content-Disposition). */
function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}

/** KPIs, charts and the drill-down table for the filters in the URL. */
export function DashboardTab({ f }: { f: ReportFilters }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const dashboard = useQuery({ ...trpc.reports.dashboard.queryOptions(f.filter), placeholderData: keepPreviousData });
  const tableInput = {
    filter: f.filter,
    drill: f.drill,
    date: f.date,
    outcome: f.outcome as never,
    search: f.search,
    sort: f.sort,
    desc: f.desc,
  };
  const visits = useQuery({
    ...trpc.reports.visits.queryOptions({ ...tableInput, page: f.page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  // The table follows the search box as the user types (once they pause), and at once on Enter.
  const search = (text: string) => {
    const q = text.trim() || undefined;
    if (q !== f.search) f.update({ q });
  };
  const searchSoon = useDebouncedCallback(search, SEARCH_DELAY_MS);
  const exportAs = (format: 'csv' | 'xlsx') => download(exportUrl(tableInput, format));
  const chips = [
    f.drill && { key: 'drill', label: t(`reports.drill.${f.drill}`) },
    f.date && { key: 'date', label: f.date },
    f.outcome && { key: 'outcome', label: t(`outcome.${f.outcome}`, { defaultValue: f.outcome }) },
  ].filter(Boolean) as Array<{ key: string; label: string }>;
  return (
    <Stack gap="sm">
      <QueryState query={dashboard}>
        {(d) => (
          <>
            <KpiCards
              kpis={d.kpis}
              openComplaints={d.openComplaints}
              onDrill={(drill) => f.update({ drill, date: undefined, outcome: undefined })}
            />
            <DashboardCharts
              data={d}
              onDay={(date) => f.update({ date, drill: 'planned', outcome: undefined })}
              onOutcome={(outcome) => f.update({ outcome, drill: 'made', date: undefined })}
              onAgent={(agent) => f.update({ agent })}
            />
          </>
        )}
      </QueryState>
      <Paper withBorder p="xs" radius="md">
        <Group justify="space-between" mb="xs" wrap="wrap">
          <Group gap={6}>
            <Text fw={600} size="sm">
              {t('reports.visitsTitle')}
            </Text>
            {chips.map((c) => (
              <Badge
                key={c.key}
                variant="light"
                rightSection={
                  <CloseButton
                    size="xs"
                    onClick={() => f.update({ [c.key]: undefined })}
                    aria-label={t('reports.clear')}
                  />
                }
                data-testid={`chip-${c.key}`}
              >
                {c.label}
              </Badge>
            ))}
          </Group>
          <Group gap={6}>
            <TextInput
              size="xs"
              placeholder={t('reports.search')}
              defaultValue={f.search}
              onChange={(e) => searchSoon(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  searchSoon.cancel();
                  search(e.currentTarget.value);
                }
              }}
              data-testid="visits-search"
            />
            <Button size="xs" variant="default" onClick={() => exportAs('csv')} data-testid="export-csv">
              CSV
            </Button>
            <Button size="xs" variant="default" onClick={() => exportAs('xlsx')} data-testid="export-xlsx">
              XLSX
            </Button>
          </Group>
        </Group>
        <QueryState query={visits}>
          {(v) => (
            <VisitsTable
              rows={v.rows}
              total={v.total}
              page={f.page}
              pageSize={PAGE_SIZE}
              sort={f.sort}
              desc={f.desc}
              onSort={(sort, desc) => f.update({ sort, asc: desc ? undefined : '1' })}
              onPage={(page) => f.update({ page: String(page) })}
              onOpen={(visit) => f.update({ visit, page: String(f.page) })}
            />
          )}
        </QueryState>
      </Paper>
    </Stack>
  );
}
