import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { CASE_IMPORT_COLUMNS, type CaseImportColumn } from '@shared/domain/intake';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table';
import type { RouterOutputs } from '../../lib/trpc';

type Checked = RouterOutputs['intake']['validate'];
type Counts = Pick<Checked, 'rows' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'needsLocation'>;

/** The counts of a check or an import, one tile each; `words` picks "would create" or "created". */
export function CountTiles({ counts, words }: { counts: Partial<Counts>; words: 'counts' | 'done' }) {
  const { t } = useTranslation();
  const keys = (Object.keys(counts) as Array<keyof Counts>).filter((k) => counts[k] !== undefined);
  return (
    <SimpleGrid cols={{ base: 2, sm: keys.length }} spacing="xs">
      {keys.map((k) => (
        <Paper key={k} withBorder p="xs" data-testid={`count-${k}`}>
          <Text size="xs" c="dimmed">
            {t(`intake.${words}.${k}`)}
          </Text>
          <Text
            size="xl"
            fw={700}
            c={k === 'rejected' && counts[k] ? 'red' : undefined}
            data-testid={`count-${k}-value`}
          >
            {counts[k]}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/**
 * What "Check rows" found: the counts, the rejected rows with the column and the reason, their download, the
 * all-or-nothing switch and the import button.
 */
export function CheckCard({
  checked,
  allOrNothing,
  onAllOrNothing,
  importing,
  onImport,
}: {
  checked: Checked;
  allOrNothing: boolean;
  onAllOrNothing: (on: boolean) => void;
  importing: boolean;
  onImport: () => void;
}) {
  const { t } = useTranslation();
  const valid = checked.rows - checked.rejected;
  const { rows, created, updated, unchanged, rejected, needsLocation } = checked;
  return (
    <Paper withBorder p="md" data-testid="import-checked">
      <Stack gap="sm">
        <CountTiles counts={{ rows, created, updated, unchanged, rejected, needsLocation }} words="counts" />
        <Group justify="space-between" align="flex-end">
          <Title order={5}>{t('intake.rejectedTitle')}</Title>
          {checked.rejected > 0 && (
            <Anchor href={`/api/v1/imports/${checked.runId}/rejected.csv`} download data-testid="download-rejected">
              {t('intake.downloadRejected')}
            </Anchor>
          )}
        </Group>
        {checked.errors.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('intake.noRejected')}
          </Text>
        ) : (
          <DataTable
            rows={checked.errors}
            rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
            testId="rejected"
            minWidth={360}
            columns={[
              { key: 'row', header: t('intake.row'), render: (e) => e.row, nowrap: true },
              {
                key: 'column',
                header: t('intake.column'),
                render: (e) => <ColumnName column={e.column} />,
                nowrap: true,
              },
              { key: 'reason', header: t('intake.reason'), render: (e) => e.message },
            ]}
          />
        )}
        {checked.errorCount > checked.errors.length && (
          <Text size="sm" c="dimmed">
            {t('intake.moreProblems', { shown: checked.errors.length, count: checked.errorCount })}
          </Text>
        )}
        <Switch
          checked={allOrNothing}
          onChange={(e) => onAllOrNothing(e.currentTarget.checked)}
          label={t('intake.allOrNothing')}
          description={t('intake.allOrNothingHint')}
          data-testid="all-or-nothing"
        />
        {allOrNothing && checked.rejected > 0 && <Alert color="orange">{t('intake.refused')}</Alert>}
        <Group>
          <Button
            onClick={onImport}
            loading={importing}
            disabled={valid <= 0 || (allOrNothing && checked.rejected > 0)}
            data-testid="import-start"
          >
            {t('intake.importValid', { count: valid })}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A template column in the reader's words with its template name beneath (what the file's header says). */
function ColumnName({ column }: { column: string }) {
  const { t } = useTranslation();
  if (!(CASE_IMPORT_COLUMNS as readonly string[]).includes(column)) return <>{column}</>;
  return (
    <Stack gap={0}>
      <Text size="sm">{t(`intake.columns.${column as CaseImportColumn}`)}</Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {column}
      </Text>
    </Stack>
  );
}
