import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language, switchLanguage } from '../i18n';

/** zh-CN / en toggle (short labels for the header); the choice is remembered in localStorage by the detector. */
export function LanguageSwitch({ short = false }: { short?: boolean }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      data-testid="language-switch"
      value={currentLanguage()}
      onChange={(lng) => void switchLanguage(lng as Language)}
      data={LANGUAGES.map((lng) => ({ value: lng, label: t(short ? `language.short.${lng}` : `language.${lng}`) }))}
    />
  );
}
