import { Badge, Group, Paper, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { CASE_IMPORT_COLUMNS, type CaseImportColumn, type ColumnMapping } from '@shared/domain/intake';
import { ignoredColumns } from '@shared/domain/intake-guess';
import { useTranslation } from 'react-i18next';
import type { UploadAnswer } from '../../../../server/modules/intake/intake.browser';
import { IMPORT_REQUIRED, IMPORT_REQUIRED_NEW } from './required-columns';

const PREVIEW_SHOWN = 5;

/** The cell of `row` a template column is read from under `mapping`, or '' when it is not in the file. */
function cellOf(upload: UploadAnswer, mapping: ColumnMapping, row: string[], column: CaseImportColumn): string {
  const from = mapping[column];
  const at = from ? upload.header.indexOf(from) : -1;
  return at >= 0 ? (row[at] ?? '') : '';
}

/**
 * The mapping step: each template column with a select of the file's headers (guessed ones filled in, required
 * ones marked), the columns nobody reads, and the first rows as the import will read them.
 */
export function MappingCard({
  upload,
  mapping,
  onChange,
}: {
  upload: UploadAnswer;
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
}) {
  const { t } = useTranslation();
  const headers = upload.header.map((h) => ({ value: h, label: h }));
  const ignored = ignoredColumns(upload.header, mapping);
  const first = upload.preview[0] ?? [];
  const mapped = CASE_IMPORT_COLUMNS.filter((c) => mapping[c]);
  const set = (column: CaseImportColumn, value: string | null) => {
    // One header feeds one column: taking it here frees it elsewhere.
    const next: ColumnMapping = Object.fromEntries(
      Object.entries(mapping).map(([c, from]) => [c, value && from === value ? null : from]),
    );
    next[column] = value;
    onChange(next);
  };

  return (
    <Paper withBorder p="md" data-testid="import-mapping">
      <Stack gap="sm">
        <Title order={4}>{t('intake.mappingTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('intake.mappingHint')}
        </Text>
        <ScrollArea type="auto">
          <Table verticalSpacing={4} miw={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('intake.templateColumn')}</Table.Th>
                <Table.Th>{t('intake.fileColumn')}</Table.Th>
                <Table.Th>{t('intake.firstValue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {CASE_IMPORT_COLUMNS.map((column) => (
                <Table.Tr key={column} data-testid={`mapping-${column}`}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={500}>
                        {t(`intake.columns.${column}`)}
                      </Text>
                      {IMPORT_REQUIRED.includes(column) && (
                        <Badge size="xs" color="red" variant="light">
                          {t('intake.required')}
                        </Badge>
                      )}
                      {(IMPORT_REQUIRED_NEW as readonly string[]).includes(column) && (
                        <Badge size="xs" color="orange" variant="light">
                          {t('intake.requiredNew')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {column}
                    </Text>
                  </Table.Td>
                  <Table.Td miw={200}>
                    <Select
                      size="xs"
                      data={headers}
                      value={mapping[column] ?? null}
                      onChange={(v) => set(column, v)}
                      placeholder={t('intake.notInFile')}
                      clearable
                      searchable
                      aria-label={t(`intake.columns.${column}`)}
                      comboboxProps={{ withinPortal: true }}
                      data-testid={`mapping-select-${column}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1} maw={220}>
                      {cellOf(upload, mapping, first, column)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Text size="sm" c={ignored.length ? 'orange.8' : 'dimmed'} data-testid="import-ignored">
          {ignored.length ? t('intake.ignored', { columns: ignored.join(', ') }) : t('intake.noneIgnored')}
        </Text>
        <Title order={5}>{t('intake.previewTitle')}</Title>
        <ScrollArea type="auto">
          <Table striped verticalSpacing={4} miw={Math.max(560, mapped.length * 120)} data-testid="import-preview">
            <Table.Thead>
              <Table.Tr>
                {mapped.map((c) => (
                  <Table.Th key={c} style={{ whiteSpace: 'nowrap' }}>
                    {t(`intake.columns.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upload.preview.slice(0, PREVIEW_SHOWN).map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity but their place
                <Table.Tr key={i}>
                  {mapped.map((c) => (
                    <Table.Td key={c} style={{ whiteSpace: 'nowrap' }}>
                      {cellOf(upload, mapping, row, c)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>
    </Paper>
  );
}
