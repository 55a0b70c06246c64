import { Image, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The organisation's stand-in when no photo is on file: a neutral silhouette, drawn as SVG elements (no inline
 * style, nothing fetched), so it shows offline and under the strict CSP.
 */
function Placeholder({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 112 112" role="img" aria-hidden="true" data-testid="photo-placeholder">
      <circle cx="56" cy="56" r="56" fill="#e6f4f1" />
      <circle cx="56" cy="44" r="20" fill="#8cc7bb" />
      <path d="M20 98c6-20 20-28 36-28s30 8 36 28" fill="#8cc7bb" />
    </svg>
  );
}

/**
 * The agent's ID photo on the badge and on /verify, so the borrower can match the face at the door; without one
 * on file, the placeholder and a plain "no photo on file" (never initials that look like an identity).
 */
export function AgentPhoto({ src, size }: { src: string | null; size: number }) {
  const { t } = useTranslation();
  if (src)
    return <Image src={src} w={size} h={size} radius={size / 2} alt={t('badge-photo.alt')} data-testid="agent-photo" />;
  return (
    <Stack gap={2} align="center">
      <Placeholder size={size} />
      <Text size="xs" c="dimmed" data-testid="no-photo">
        {t('badge-photo.none')}
      </Text>
    </Stack>
  );
}
