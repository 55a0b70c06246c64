import { Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Section } from './form-section';

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
