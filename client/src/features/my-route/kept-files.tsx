import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OutcomeDraft } from './outcome-submit';

/**
 * A correction's evidence: the files of the version it corrects, kept unless the agent removes one on purpose
 * (the removal is sent explicitly and audited; the earlier version keeps naming the file).
 */
export function KeptFiles({
  files,
  removed,
  onChange,
}: {
  files: OutcomeDraft['kept'];
  removed: string[];
  onChange: (removed: string[]) => void;
}) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Stack gap={4} data-testid="outcome-kept-files">
      <Text size="sm" fw={500}>
        {t('field.outcome.keptFiles')}
      </Text>
      {files.map((f) => {
        const gone = removed.includes(f.id);
        return (
          <Group key={f.id} justify="space-between" wrap="nowrap" data-testid="outcome-kept-file" data-removed={gone}>
            <Text size="sm" td={gone ? 'line-through' : undefined} c={gone ? 'dimmed' : undefined}>
              📎 {t(`field.outcome.kinds.${f.kind}`)} · {(f.sizeBytes / 1e6).toFixed(1)} MB
            </Text>
            <Button
              size="compact-sm"
              variant={gone ? 'light' : 'subtle'}
              color={gone ? 'teal' : 'red'}
              onClick={() => onChange(gone ? removed.filter((id) => id !== f.id) : [...removed, f.id])}
              data-testid="outcome-kept-remove"
            >
              {gone ? t('field.outcome.keepFile') : t('field.outcome.removeFile')}
            </Button>
          </Group>
        );
      })}
    </Stack>
  );
}
