import { Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { Section } from './form-section';
import type { RecordedOutcome } from './outcome-submit';

/** The latest recorded outcome version of a visit, when correcting it (null until loaded, or offline). */
export function useRecordedOutcome(visitId: string, enabled: boolean): RecordedOutcome | null {
  const trpc = useTRPC();
  const versions = useQuery({ ...trpc.field.outcomeVersions.queryOptions({ visitId }), enabled });
  return versions.data?.at(-1) ?? null;
}

/** Top of the outcome form when it corrects a recorded outcome: what stands now, and the reason (required). */
export function CorrectionSection({
  outcomeCode,
  value,
  error,
  onChange,
}: {
  outcomeCode: string;
  value: string;
  error?: string;
  onChange: (reason: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Section title={t('field.outcome.sections.correction')}>
      <Text size="sm">{t('field.outcome.correctionHint', { outcome: t(`outcome.${outcomeCode}`) })}</Text>
      <Textarea
        size="md"
        autosize
        minRows={2}
        label={t('field.outcome.correctionReason')}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        data-testid="outcome-correction-reason"
      />
    </Section>
  );
}
