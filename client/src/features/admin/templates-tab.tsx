import { Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { TemplateEditor } from './template-editor';

export type TemplateRow = RouterOutputs['outbox']['templates'][number];

/**
 * The texts of borrower messages: each kind in each language with the version in use (built-in v0 or the newest
 * saved) and its variables; editing previews the text with sample values before saving it as a new version.
 */
export function TemplatesTab() {
  const trpc = useTRPC();
  const list = useQuery(trpc.outbox.templates.queryOptions());
  const [editing, setEditing] = useState<TemplateRow | null>(null);
  return (
    <QueryState query={list}>
      {(rows) => (
        <>
          <TemplateList rows={rows} onEdit={setEditing} />
          {editing && <TemplateEditor row={editing} onClose={() => setEditing(null)} />}
        </>
      )}
    </QueryState>
  );
}

function TemplateList({ rows, onEdit }: { rows: readonly TemplateRow[]; onEdit: (row: TemplateRow) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const kinds = [...new Set(rows.map((r) => r.kind))];
  return (
    <Stack gap="md" data-testid="templates">
      <div>
        <Title order={4}>{t('messages.templates.title')}</Title>
        <Text size="sm" c="dimmed" maw={820}>
          {t('messages.templates.intro')}
        </Text>
      </div>
      {kinds.map((kind) => (
        <Paper key={kind} withBorder p="sm" data-testid="template-kind" data-kind={kind}>
          <Group justify="space-between" mb={6} wrap="wrap">
            <Text fw={600}>{t(`messages.kind.${kind}`)}</Text>
            <Group gap={4}>
              {(rows.find((r) => r.kind === kind)?.variables ?? []).map((v) => (
                <Code key={v} fz="xs">{`{${v}}`}</Code>
              ))}
            </Group>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            {rows
              .filter((r) => r.kind === kind)
              .map((r) => (
                <Stack
                  key={r.locale}
                  gap={4}
                  data-testid="template-row"
                  data-kind={r.kind}
                  data-locale={r.locale}
                  data-version={r.version}
                >
                  <Group gap={6} justify="space-between" wrap="nowrap">
                    <Group gap={6}>
                      <Badge size="sm" variant="outline">
                        {t(`messages.languages.${r.locale}`)}
                      </Badge>
                      <Badge size="sm" variant="light" color={r.version === 0 ? 'gray' : 'blue'}>
                        {r.version === 0
                          ? t('messages.templates.builtIn')
                          : t('messages.templates.version', { version: r.version })}
                      </Badge>
                    </Group>
                    <Button size="compact-xs" variant="light" onClick={() => onEdit(r)} data-testid="template-edit">
                      {t('messages.templates.edit')}
                    </Button>
                  </Group>
                  <Text
                    size="sm"
                    style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
                    data-testid="template-body"
                  >
                    {r.body}
                  </Text>
                  {r.savedAt && (
                    <Text size="xs" c="dimmed">
                      {t('messages.templates.savedBy', {
                        at: formatDateTime(r.savedAt, zone, locale),
                        who: r.savedByName ?? '—',
                      })}
                    </Text>
                  )}
                </Stack>
              ))}
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}
