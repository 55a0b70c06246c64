import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * An address without a location (imported without coordinates, not yet pinned): a badge that opens it in
 * "Needs a location", where a dispatcher pins it. No visit is agreed for it before.
 */
export function NeedsLocationBadge({ teamId, addressId, text }: { teamId: string; addressId: string; text?: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      component={Link}
      to={`/locations?team=${teamId}&address=${addressId}`}
      color="orange"
      variant="light"
      title={t('locations.badgeHint')}
      style={{ cursor: 'pointer', textTransform: 'none' }}
      data-testid="needs-location"
    >
      {text ? `${t('locations.badge')}: ${text}` : t('locations.badge')}
    </Badge>
  );
}
